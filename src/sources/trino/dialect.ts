import { ansiDialect, type Dialect, quoteWith } from '../sql/dialect.js';
import type { Stmt } from '../sql/driver.js';

/** Trino (and Athena, which speaks it). No driver yet: see docs/sources.md. */
export const trinoDialect: Dialect = {
  ...ansiDialect,
  name: 'trino',
  quoteIdent: (n) => quoteWith('"', n),
  param: () => '?',
  timestampParam: () => 'CAST(? AS TIMESTAMP)',
  toFloat: (e) => `CAST(${e} AS DOUBLE)`,
  length: (e) => `length(${e})`,
  countIf: (c) => `count_if(${c})`,
  quantiles: (e, qs) => ({ kind: 'array', sql: `approx_percentile(${e}, ARRAY[${qs.join(', ')}])` }),
  quantilesEstimatedBy: 'a quantile digest (approx_percentile)',
  estimates: {
    distinct: (e) => ({ sql: `approx_distinct(${e})`, method: 'HyperLogLog (approx_distinct)' }),
    quantiles: (e, qs) => ({ kind: 'array', sql: `approx_percentile(${e}, ARRAY[${qs.join(', ')}])` }),
    quantilesBy: 'a quantile digest (approx_percentile)',
  },
  truncate: (unit, e) => `date_trunc('${unit}', ${e})`,
  toText: (e) => `CAST(${e} AS VARCHAR)`,
};

/**
 * Catalog statements. Trino's information_schema has no row counts: `SHOW STATS` asks the
 * connector's statistics (Hive, Iceberg, Delta) without a scan; Iceberg's `$snapshots` table gives
 * the last commit time.
 */
export const trinoCatalog = {
  listTables: (catalog: string): Stmt => ({
    sql: `SELECT table_schema AS "schema", table_name AS "name", table_type AS "type" FROM ${trinoDialect.quoteIdent(catalog)}.information_schema.tables WHERE table_schema <> 'information_schema' ORDER BY 1, 2`,
    params: [],
  }),
  describe: (catalog: string, schema: string, name: string): Stmt => ({
    sql: `SELECT column_name AS "name", data_type AS "data_type", is_nullable AS "nullable", ordinal_position AS "position" FROM ${trinoDialect.quoteIdent(catalog)}.information_schema.columns WHERE table_schema = ? AND table_name = ?`,
    params: [schema, name],
  }),
  stats: (catalog: string, schema: string, name: string): Stmt => ({
    sql: `SHOW STATS FOR ${[catalog, schema, name].map(trinoDialect.quoteIdent).join('.')}`,
    params: [],
  }),
  icebergLastCommit: (catalog: string, schema: string, name: string): Stmt => ({
    sql: `SELECT max(committed_at) AS "last_modified" FROM ${[catalog, schema, `${name}$snapshots`].map(trinoDialect.quoteIdent).join('.')}`,
    params: [],
  }),
};
