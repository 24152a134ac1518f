import { z } from 'zod';
import { airflowSource } from './airflow/index.js';
import { secretFieldsOf, splitSecrets } from './config.js';
import type { SourceDefinition } from './definition.js';
import { duckdbSource } from './duckdb/index.js';
import { SourceError } from './errors.js';
import { mysqlSource } from './mysql/index.js';
import { postgresSource } from './postgres/index.js';
import { prometheusSource } from './prometheus/index.js';
import type { Source, SourceHooks, TableSource } from './source.js';

/**
 * Every engine Vigil can connect to, by kind. An engine is a folder exporting a SourceDefinition;
 * registering it here is the one line outside that folder. Snowflake, BigQuery and Trino have
 * dialects (SQL generation) but no driver yet, so they are not kinds one can create.
 */
const DEFINITIONS = [duckdbSource, postgresSource, mysqlSource, prometheusSource, airflowSource] as const;

export const SOURCE_KINDS = DEFINITIONS.map((d) => d.kind) as ReadonlyArray<
  (typeof DEFINITIONS)[number]['kind']
>;
export type SourceKind = (typeof DEFINITIONS)[number]['kind'];

/** Source configs, one object schema per kind, told apart by `kind`. The API reuses this. */
export const sourceConfigSchema = z.discriminatedUnion('kind', [
  duckdbSource.schema,
  postgresSource.schema,
  mysqlSource.schema,
  prometheusSource.schema,
  airflowSource.schema,
]);
export type SourceConfig = z.output<typeof sourceConfigSchema>;
/** The config as a caller writes it (defaults not yet applied). */
export type SourceConfigInput = z.input<typeof sourceConfigSchema>;

const byKind = new Map<string, SourceDefinition>(
  DEFINITIONS.map((d) => [d.kind, d as unknown as SourceDefinition]),
);

export function sourceDefinition(kind: string): SourceDefinition | undefined {
  return byKind.get(kind);
}

/** The config schema of one kind, or undefined for an unknown kind. */
export function sourceConfigSchemaFor(kind: string): z.ZodObject | undefined {
  return byKind.get(kind)?.schema;
}

/** Names of the fields of a kind that are secret (password, token): seal them, never return them. */
export function secretFieldsFor(kind: string): string[] {
  const def = byKind.get(kind);
  return def ? secretFieldsOf(def.schema) : [];
}

/** Splits a kind's config into its shown part and its secret part (for the store). */
export function splitSourceSecrets(kind: string, config: Record<string, unknown>) {
  return splitSecrets(config, secretFieldsFor(kind));
}

/**
 * Validates a stored source: its kind, its shown config and its opened secrets merged. Answers an
 * INVALID_CONFIG SourceError naming the field paths (never their values) when it does not fit.
 */
export function parseSourceConfig(
  kind: string,
  config: Record<string, unknown>,
  secrets: Record<string, unknown> = {},
): { ok: true; value: SourceConfig } | { ok: false; error: SourceError } {
  if (!byKind.has(kind)) {
    return {
      ok: false,
      error: new SourceError(
        'INVALID_CONFIG',
        `unknown source kind ${kind}; known: ${SOURCE_KINDS.join(', ')}`,
      ),
    };
  }
  const parsed = sourceConfigSchema.safeParse({ ...config, ...secrets, kind });
  if (parsed.success) return { ok: true, value: parsed.data };
  const paths = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))];
  return {
    ok: false,
    error: new SourceError('INVALID_CONFIG', `invalid ${kind} source config: ${paths.join(', ')}`),
  };
}

/** Builds a source from a validated config. Nothing connects until the first call. */
export function createSource(config: SourceConfig, hooks: SourceHooks = {}): Source {
  const def = byKind.get(config.kind);
  if (!def) throw new SourceError('INVALID_CONFIG', `unknown source kind ${config.kind}`);
  return def.create(config, hooks);
}

/** For monitor kinds that need tables: the source as a TableSource, or UNSUPPORTED. */
export function asTableSource(source: Source): TableSource | SourceError {
  return source.family === 'sql'
    ? source
    : new SourceError('UNSUPPORTED', `a ${source.kind} source has no tables to profile or query with SQL`);
}
