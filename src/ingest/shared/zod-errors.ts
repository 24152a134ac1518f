import type { z } from 'zod';
import { type FieldError, fail, ok, type Parsed, toPointer } from './result.js';

/**
 * zod issues as field errors with JSON pointers, worded like the JSON Schema ones so every inbound
 * format reads the same: `/alerts/0/status: must be one of firing, resolved`, `/receiver: is required`.
 * Parse with `reportInput: true`: an issue without an input is a missing field.
 */
function message(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return 'input' in issue && issue.input !== undefined ? `must be ${issue.expected}` : 'is required';
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`;
  return issue.message;
}

export function zodFieldErrors(error: z.ZodError, prefix: readonly (string | number)[] = []): FieldError[] {
  return error.issues.map((issue) => ({
    path: toPointer([...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]),
    message: message(issue),
  }));
}

/** safeParse with field errors; never throws on any input. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const r = schema.safeParse(input, { reportInput: true });
  return r.success ? ok(r.data) : fail(zodFieldErrors(r.error));
}
