import type { z } from 'zod';
import { type FieldError, toPointer } from './result.js';

/** zod issues as field errors with JSON pointers, the shape every ingest parser reports. */
export function zodFieldErrors(error: z.ZodError, prefix: readonly (string | number)[] = []): FieldError[] {
  return error.issues.map((issue) => ({
    path: toPointer([...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]),
    message: issue.message,
  }));
}
