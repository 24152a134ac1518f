import { z } from 'zod';
import { secret, timeoutField } from '../config.js';
import { defineSource } from '../definition.js';
import type { SqlEngine, Stmt } from '../sql/driver.js';
import { SqlSource } from '../sql/sql-source.js';
import { toIso, toNumber } from '../sql/values.js';
import { mysqlDialect } from './dialect.js';
import { MySqlDriver } from './driver.js';

export const mysqlConfigSchema = z
  .object({
    kind: z.literal('mysql'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(3306),
    database: z.string().min(1).describe('the default schema; tables without one are looked up here'),
    user: z.string().min(1),
    password: secret(z.string().optional()),
    ssl: z.boolean().default(false),
    schemas: z
      .array(z.string().min(1))
      .optional()
      .describe('databases to list; the configured one when absent'),
    queryTimeoutMs: timeoutField,
    connectTimeoutMs: z.number().int().positive().max(120_000).default(10_000),
    maxConnections: z.number().int().min(1).max(50).default(4),
  })
  .strict();

export type MySqlConfig = z.output<typeof mysqlConfigSchema>;

const stmt = (sql: string, params: unknown[] = []): Stmt => ({ sql, params });

/** information_schema.TABLES: statistics the server keeps; no table is read. */
export const MYSQL_METADATA_SQL = `SELECT TABLE_TYPE AS \`type\`, ENGINE AS \`engine\`, TABLE_ROWS AS \`table_rows\`,
  UPDATE_TIME AS \`update_time\`, DATA_LENGTH + INDEX_LENGTH AS \`bytes\`
FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?`;

/** Engines whose TABLE_ROWS is a true count; InnoDB's is an estimate from sampled pages. */
const EXACT_COUNT_ENGINES = new Set(['MyISAM', 'Aria', 'MEMORY']);

export function mysqlEngine(config: MySqlConfig): SqlEngine {
  const schemas = config.schemas ?? [config.database];
  return {
    kind: 'mysql',
    dialect: mysqlDialect,
    driver: new MySqlDriver(config),
    guard: { dialect: 'mysql' },
    defaultTimeoutMs: config.queryTimeoutMs,
    defaultSchema: () => config.database,
    listTables: () =>
      stmt(
        `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS \`name\`, TABLE_TYPE AS \`type\` FROM information_schema.TABLES
         WHERE TABLE_SCHEMA IN (${schemas.map(() => '?').join(', ')}) ORDER BY 1, 2`,
        schemas,
      ),
    describe: (schema, name) =>
      stmt(
        `SELECT COLUMN_NAME AS \`name\`, COLUMN_TYPE AS \`data_type\`, IS_NULLABLE AS \`nullable\`,
                ORDINAL_POSITION AS \`position\`
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?`,
        [schema, name],
      ),
    async metadata(schema, name, run) {
      const row = (await run(stmt(MYSQL_METADATA_SQL, [schema, name])))[0];
      if (!row) return null;
      if (/view/i.test(String(row.type))) return { rowCount: null, lastModified: null, sizeBytes: null };
      const rows = toNumber(row.table_rows);
      const exact = EXACT_COUNT_ENGINES.has(String(row.engine));
      const updated = toIso(row.update_time);
      return {
        rowCount: rows === null ? null : { value: rows, exact },
        // InnoDB keeps UPDATE_TIME in memory only (null after a restart) and not for every write
        // path, so it is a hint, never exact.
        lastModified: updated ? { value: updated, exact: false } : null,
        sizeBytes: { value: toNumber(row.bytes) ?? 0, exact: false },
      };
    },
  };
}

export const mysqlSource = defineSource({
  kind: 'mysql',
  schema: mysqlConfigSchema,
  create: (config, hooks) => new SqlSource(mysqlEngine(config), hooks),
});
