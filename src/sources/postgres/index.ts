import { z } from 'zod';
import { secret, timeoutField } from '../config.js';
import { defineSource } from '../definition.js';
import type { SqlEngine, Stmt } from '../sql/driver.js';
import { SqlSource } from '../sql/sql-source.js';
import { toNumber } from '../sql/values.js';
import { postgresDialect } from './dialect.js';
import { PgDriver } from './driver.js';

export { type ChangeObservation, type ChangeVerdict, detectChange } from './change-counters.js';

export const postgresConfigSchema = z
  .object({
    kind: z.literal('postgres'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(5432),
    database: z.string().min(1),
    user: z.string().min(1),
    password: secret(z.string().optional()),
    ssl: z.boolean().default(false),
    schemas: z
      .array(z.string().min(1))
      .optional()
      .describe('schemas to list; all but the system ones when absent'),
    queryTimeoutMs: timeoutField,
    connectTimeoutMs: z.number().int().positive().max(120_000).default(10_000),
    maxConnections: z.number().int().min(1).max(50).default(4),
  })
  .strict();

export type PostgresConfig = z.output<typeof postgresConfigSchema>;

const stmt = (sql: string, params: unknown[] = []): Stmt => ({ sql, params });

/** Catalog-only: pg_class and pg_stat_user_tables hold these numbers; no table is read. */
export const PG_METADATA_SQL = `SELECT c.relkind AS "kind", c.reltuples::float8 AS "reltuples",
  pg_total_relation_size(c.oid) AS "bytes", s.n_tup_ins AS "ins", s.n_tup_upd AS "upd", s.n_tup_del AS "del"
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`;

export function postgresEngine(config: PostgresConfig): SqlEngine {
  return {
    kind: 'postgres',
    dialect: postgresDialect,
    driver: new PgDriver(config),
    guard: {},
    defaultTimeoutMs: config.queryTimeoutMs,
    defaultSchema: () => 'public',
    listTables: () =>
      stmt(
        `SELECT table_schema AS "schema", table_name AS "name", table_type AS "type" FROM information_schema.tables
         WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\\_%'
           AND ($1::text[] IS NULL OR table_schema = ANY($1::text[]))
         ORDER BY 1, 2`,
        [config.schemas ?? null],
      ),
    describe: (schema, name) =>
      stmt(
        `SELECT a.attname AS "name", format_type(a.atttypid, a.atttypmod) AS "data_type",
                NOT a.attnotnull AS "nullable", a.attnum AS "position"
         FROM pg_catalog.pg_attribute a
         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
           AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
        [schema, name],
      ),
    async metadata(schema, name, run) {
      const row = (await run(stmt(PG_METADATA_SQL, [schema, name])))[0];
      if (!row) return null;
      const reltuples = toNumber(row.reltuples);
      // reltuples is -1 until the first VACUUM/ANALYZE (PostgreSQL 14+), and views have none:
      // then the count falls back to a query.
      const estimated = row.kind !== 'v' && reltuples !== null && reltuples >= 0;
      const ins = toNumber(row.ins);
      return {
        rowCount: estimated ? { value: Math.round(reltuples), exact: false } : null,
        lastModified: null,
        sizeBytes: row.kind === 'v' ? null : { value: toNumber(row.bytes) ?? 0, exact: true },
        ...(ins === null
          ? {}
          : {
              changeCounters: {
                inserts: ins,
                updates: toNumber(row.upd) ?? 0,
                deletes: toNumber(row.del) ?? 0,
              },
            }),
      };
    },
  };
}

export const postgresSource = defineSource({
  kind: 'postgres',
  schema: postgresConfigSchema,
  create: (config, hooks) => new SqlSource(postgresEngine(config), hooks),
});
