import { z } from 'zod';

/**
 * Marks a config field as secret: the API stores it sealed (write-only) and never answers it.
 * The mark lives in a zod registry and in the JSON-schema metadata (`writeOnly`), so both code and
 * the OpenAPI document can tell which fields to hide.
 */
export const secretRegistry = z.registry<{ secret: true }>();

export function secret<T extends z.ZodType>(schema: T): T {
  // meta() answers a new schema, so the registered instance is the one that ends up in the shape.
  const marked = schema.meta({ writeOnly: true, description: 'secret: stored sealed, never returned' }) as T;
  secretRegistry.add(marked, { secret: true });
  return marked;
}

function isSecret(schema: z.ZodType): boolean {
  let s: z.ZodType | undefined = schema;
  while (s) {
    if (secretRegistry.has(s)) return true;
    const inner: unknown = (s as { _zod?: { def?: { innerType?: unknown } } })._zod?.def?.innerType;
    s = inner instanceof z.ZodType ? inner : undefined;
  }
  return false;
}

/** Names of the secret fields of one kind's object schema. */
export function secretFieldsOf(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => isSecret(field as z.ZodType))
    .map(([key]) => key)
    .sort();
}

/** Splits a raw config into what may be shown and what must be sealed. */
export function splitSecrets(
  config: Record<string, unknown>,
  secretFields: readonly string[],
): { config: Record<string, unknown>; secrets: Record<string, unknown> } {
  const shown: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) (secretFields.includes(k) ? secrets : shown)[k] = v;
  return { config: shown, secrets };
}

/** Shared fields of every source config. */
export const timeoutField = z
  .number()
  .int()
  .positive()
  .max(3_600_000)
  .default(60_000)
  .describe('default statement timeout, ms');
