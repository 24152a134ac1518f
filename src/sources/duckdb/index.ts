import { z } from 'zod';
import { timeoutField } from '../config.js';
import { defineSource } from '../definition.js';
import type { SqlEngine, Stmt } from '../sql/driver.js';
import { SqlSource } from '../sql/sql-source.js';
import { toIso, toNumber } from '../sql/values.js';
import { duckdbDialect } from './dialect.js';
import { DuckDbDriver } from './driver.js';

export const duckdbConfigSchema = z
  .object({
    kind: z.literal('duckdb'),
    path: z.string().min(1).default(':memory:').describe("a database file, or ':memory:'"),
    readOnly: z
      .boolean()
      .default(true)
      .describe('kept for older configs: a file is always opened read-only, whatever this says'),
    lake: z
      .array(
        z.object({
          name: z.string().min(1).max(128),
          path: z.string().min(1).describe('a file or glob, e.g. data/events/*.parquet'),
          format: z.enum(['parquet', 'csv']),
        }),
      )
      .default([])
      .describe('Parquet/CSV files shown as views in schema "lake"'),
    lockWaitMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(3_000)
      .describe('how long a check waits for a writer that holds the file locked before it errors'),
    threads: z
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .describe("DuckDB's threads for this source; default every core but one, so the API keeps a core"),
    queryTimeoutMs: timeoutField,
  })
  .strict();

export type DuckDbConfig = z.output<typeof duckdbConfigSchema>;

const stmt = (sql: string, params: unknown[] = []): Stmt => ({ sql, params });

/**
 * Whether a catalog row is in schema $1. Lake views live in an in-memory catalog named lake (the
 * warehouse file is read-only, see open.ts) and are shown as schema lake.
 */
const inSchema = (catalog: string, schema: string) =>
  `((${catalog} = current_database() AND ${schema} = $1) OR (${catalog} = 'lake' AND ${schema} = 'main' AND $1 = 'lake'))`;

export function duckdbEngine(config: DuckDbConfig): SqlEngine {
  return {
    kind: 'duckdb',
    dialect: duckdbDialect,
    driver: new DuckDbDriver({
      path: config.path,
      lake: config.lake,
      lockWaitMs: config.lockWaitMs,
      ...(config.threads ? { threads: config.threads } : {}),
    }),
    guard: {},
    defaultTimeoutMs: config.queryTimeoutMs,
    defaultSchema: () => 'main',
    listTables: () =>
      stmt(
        `SELECT schema_name AS "schema", table_name AS "name", 'table' AS "type" FROM duckdb_tables()
         WHERE NOT internal AND NOT temporary AND database_name = current_database()
         UNION ALL
         SELECT CASE WHEN database_name = current_database() THEN schema_name ELSE 'lake' END, view_name, 'view'
         FROM duckdb_views()
         WHERE NOT internal AND NOT temporary
           AND (database_name = current_database() OR (database_name = 'lake' AND schema_name = 'main'))
         ORDER BY 1, 2`,
      ),
    describe: (schema, name) =>
      stmt(
        `SELECT column_name AS "name", data_type AS "data_type", is_nullable AS "nullable", ordinal_position AS "position"
         FROM information_schema.columns
         WHERE table_name = $2 AND ${inSchema('table_catalog', 'table_schema')}`,
        [schema, name],
      ),
    // duckdb_tables() is a catalog function: it reads no table data. estimated_size is the row
    // count DuckDB keeps; views (lake files) have none, so they fall back to count(*).
    async metadata(schema, name, run) {
      const rows = await run(
        stmt(
          `SELECT 'table' AS "type", estimated_size AS "rows" FROM duckdb_tables()
           WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2
           UNION ALL
           SELECT 'view', NULL FROM duckdb_views()
           WHERE view_name = $2 AND ${inSchema('database_name', 'schema_name')}`,
          [schema, name],
        ),
      );
      const row = rows[0];
      if (!row) return null;
      const count = toNumber(row.rows);
      return {
        rowCount: count === null ? null : { value: count, exact: false },
        lastModified: null,
        sizeBytes: null,
      };
    },
    // Row-group statistics hold each segment's max; pragma_storage_info reads them from the
    // catalog's block metadata, not from the column. A stats text Vigil cannot read falls back to a query.
    async metadataMax(schema, name, column, run) {
      const rows = await run(
        stmt(
          `SELECT stats FROM pragma_storage_info($1) WHERE column_name = $2 AND segment_type <> 'VALIDITY'`,
          [`${duckdbDialect.quoteIdent(schema)}.${duckdbDialect.quoteIdent(name)}`, column],
        ),
      ).catch(() => []);
      let max: string | null = null;
      for (const r of rows) {
        const m = /Max: ([^,\]]+)/.exec(String(r.stats))?.[1]?.trim();
        if (!m) return null;
        if (m === 'NULL') continue;
        const iso = toIso(m);
        if (!iso || !/^\d{4}-/.test(iso)) return null;
        if (max === null || iso > max) max = iso;
      }
      return max;
    },
  };
}

export const duckdbSource = defineSource({
  kind: 'duckdb',
  schema: duckdbConfigSchema,
  create: (config, hooks) => new SqlSource(duckdbEngine(config), hooks),
});
