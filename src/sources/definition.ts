import type { z } from 'zod';
import type { Source, SourceHooks } from './source.js';

/**
 * What an engine folder exports for the registry: its kind, its config schema (with a `kind`
 * literal, secret fields marked by `secret()`), and a factory. Adding an engine is a new folder
 * exporting one of these, plus its line in registry.ts.
 */
export interface SourceDefinition<S extends z.ZodObject = z.ZodObject> {
  readonly kind: string;
  readonly schema: S;
  create(config: z.output<S>, hooks: SourceHooks): Source;
}

export function defineSource<S extends z.ZodObject>(def: SourceDefinition<S>): SourceDefinition<S> {
  return def;
}
