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
  /**
   * The URLs the source sends requests to (HTTP sources), checked by the outbound guard when the
   * config is saved, so an address it refuses is a validation error naming the field.
   */
  targets?(config: z.output<S>): Array<{ field: string; url: string }>;
}

export function defineSource<S extends z.ZodObject>(def: SourceDefinition<S>): SourceDefinition<S> {
  return def;
}
