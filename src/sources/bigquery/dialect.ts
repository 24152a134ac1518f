import { ansiDialect, type Dialect } from '../sql/dialect.js';
import type { Stmt } from '../sql/driver.js';

/** BigQuery quotes with backticks and escapes with a backslash, not by doubling. */
const quote = (n: string) => `\`${n.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;

/** BigQuery GoogleSQL. No driver yet: see docs/sources.md. */
export const bigqueryDialect: Dialect = {
  ...ansiDialect,
  name: 'bigquery',
  quoteIdent: quote,
  param: (i) => `@p${i}`,
  timestampParam: (i) => `TIMESTAMP(@p${i})`,
  toFloat: (e) => `CAST(${e} AS FLOAT64)`,
  length: (e) => `LENGTH(${e})`,
  countIf: (c) => `COUNTIF(${c})`,
  // BigQuery has no exact percentile aggregate: APPROX_QUANTILES is the aggregate form.
  quantiles: (e, qs) => ({
    kind: 'each',
    sql: qs.map((q) => `APPROX_QUANTILES(${e}, 100)[OFFSET(${Math.round(q * 100)})]`),
  }),
  quantilesEstimatedBy: 'APPROX_QUANTILES with 100 buckets',
  estimates: {
    distinct: (e) => ({
      sql: `APPROX_COUNT_DISTINCT(${e})`,
      method: 'HyperLogLog++ (APPROX_COUNT_DISTINCT)',
    }),
    quantiles: (e, qs) => ({
      kind: 'each',
      sql: qs.map((q) => `APPROX_QUANTILES(${e}, 100)[OFFSET(${Math.round(q * 100)})]`),
    }),
    quantilesBy: 'APPROX_QUANTILES with 100 buckets',
  },
  truncate: (unit, e) => `TIMESTAMP_TRUNC(CAST(${e} AS TIMESTAMP), ${unit.toUpperCase()})`,
  after: (e, type, ts) => (type === 'date' ? `${e} > DATE(${ts})` : `CAST(${e} AS TIMESTAMP) > ${ts}`),
  toText: (e) => `CAST(${e} AS STRING)`,
};

/** Catalog statements; `__TABLES__` holds exact row counts, sizes and last-modified times. */
export const bigqueryCatalog = {
  listTables: (project: string, dataset: string): Stmt => ({
    sql: `SELECT table_schema AS \`schema\`, table_name AS \`name\`, table_type AS \`type\` FROM ${quote(project)}.${quote(dataset)}.INFORMATION_SCHEMA.TABLES ORDER BY 1, 2`,
    params: [],
  }),
  describe: (project: string, dataset: string, name: string): Stmt => ({
    sql: `SELECT column_name AS \`name\`, data_type AS \`data_type\`, is_nullable AS \`nullable\`, ordinal_position AS \`position\` FROM ${quote(project)}.${quote(dataset)}.INFORMATION_SCHEMA.COLUMNS WHERE table_name = @p1`,
    params: [name],
  }),
  metadata: (project: string, dataset: string, name: string): Stmt => ({
    sql: `SELECT row_count AS \`rows\`, size_bytes AS \`bytes\`, TIMESTAMP_MILLIS(last_modified_time) AS \`last_modified\` FROM ${quote(project)}.${quote(dataset)}.__TABLES__ WHERE table_id = @p1`,
    params: [name],
  }),
};
