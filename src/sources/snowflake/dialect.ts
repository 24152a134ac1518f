import { ansiDialect, type Dialect, quoteWith } from '../sql/dialect.js';
import type { Stmt } from '../sql/driver.js';

/** Snowflake SQL. No driver yet: see docs/sources.md for what a connector needs. */
export const snowflakeDialect: Dialect = {
  ...ansiDialect,
  name: 'snowflake',
  quoteIdent: (n) => quoteWith('"', n),
  param: () => '?',
  timestampParam: () => 'TO_TIMESTAMP_NTZ(?)',
  toFloat: (e) => `CAST(${e} AS DOUBLE)`,
  length: (e) => `LENGTH(${e})`,
  countIf: (c) => `COUNT_IF(${c})`,
  quantiles: (e, qs) => ({
    kind: 'each',
    sql: qs.map((q) => `PERCENTILE_CONT(${q}) WITHIN GROUP (ORDER BY ${e})`),
  }),
  estimates: {
    distinct: (e) => ({ sql: `APPROX_COUNT_DISTINCT(${e})`, method: 'HyperLogLog (APPROX_COUNT_DISTINCT)' }),
    quantiles: (e, qs) => ({ kind: 'each', sql: qs.map((q) => `APPROX_PERCENTILE(${e}, ${q})`) }),
    quantilesBy: 't-digest (APPROX_PERCENTILE)',
  },
  truncate: (unit, e) => `DATE_TRUNC('${unit.toUpperCase()}', ${e})`,
  toText: (e) => `TO_VARCHAR(${e})`,
};

/** Catalog statements: INFORMATION_SCHEMA views are metadata; ROW_COUNT and LAST_ALTERED are exact. */
export const snowflakeCatalog = {
  listTables: (database: string): Stmt => ({
    sql: `SELECT TABLE_SCHEMA AS "schema", TABLE_NAME AS "name", TABLE_TYPE AS "type" FROM ${snowflakeDialect.quoteIdent(database)}.INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY 1, 2`,
    params: [],
  }),
  describe: (database: string, schema: string, name: string): Stmt => ({
    sql: `SELECT COLUMN_NAME AS "name", DATA_TYPE AS "data_type", IS_NULLABLE AS "nullable", ORDINAL_POSITION AS "position" FROM ${snowflakeDialect.quoteIdent(database)}.INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?`,
    params: [schema, name],
  }),
  metadata: (database: string, schema: string, name: string): Stmt => ({
    sql: `SELECT ROW_COUNT AS "rows", BYTES AS "bytes", LAST_ALTERED AS "last_altered" FROM ${snowflakeDialect.quoteIdent(database)}.INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?`,
    params: [schema, name],
  }),
};
