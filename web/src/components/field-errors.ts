import { ApiError } from '../api/client.js';

/**
 * The API's validation details keyed by field path without the `body.` prefix
 * ('objective.target' → 'must be less than 1'), so a form can show each next to its field.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const d of error.details) {
    const path = d.path.replace(/^body\.?/, '');
    out[path] ??= d.message;
  }
  return out;
}

/** A client-side problem with one field, raised before the request is sent. */
export function invalid(path: string, message: string): ApiError {
  return new ApiError(400, 'VALIDATION_FAILED', `invalid: ${path}`, [{ path, message }]);
}
