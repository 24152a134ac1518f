import type { ErrorDetail } from '../../domain/errors.js';

/**
 * What every inbound parser returns: a value, or every problem found with the JSON pointer of the
 * field at fault. Parsers never throw on bad input, so a route can answer 400 with all details at once.
 */
export type FieldError = ErrorDetail;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = <T>(errors: FieldError[]): Parsed<T> => ({ ok: false, errors });

/** One line per error, as people read them in logs and CLI output: `/run/runId: must match format uuid`. */
export function formatFieldError(error: FieldError): string {
  return `${error.path || '/'}: ${error.message}`;
}

/** RFC 6901 pointer from path segments, escaping `~` and `/` inside keys. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
