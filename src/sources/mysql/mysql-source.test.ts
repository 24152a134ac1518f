import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { testServer } from '../../../test/support/servers.js';
import { SqlSource } from '../sql/sql-source.js';
import { tableSourceContract } from '../testing/contract.js';
import { insertStatements } from '../testing/fixture.js';
import { configFromUrl } from '../testing/url.js';
import { mysqlConfigSchema, mysqlEngine, mysqlSource } from './index.js';

const url = testServer('VIGIL_TEST_MYSQL_URL');

async function openFixture() {
  const db = `vigil_src_${randomBytes(4).toString('hex')}`;
  const base = configFromUrl(url!);
  const admin = await mysql.createConnection({ ...base, database: base.database });
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.query(
    `CREATE TABLE ${db}.orders (id int, amount bigint, name varchar(40), category varchar(10), created_at datetime) ENGINE=InnoDB`,
  );
  for (const st of insertStatements(`${db}.orders`, () => '?')) await admin.query(st.sql, st.params);
  const statements: string[] = [];
  const config = mysqlConfigSchema.parse({ kind: 'mysql', ...base, database: db });
  const source = new SqlSource(mysqlEngine(config), { onStatement: (s) => statements.push(s) });
  return {
    db,
    admin,
    source,
    statements,
    dispose: async () => {
      await source.close();
      await admin.query(`DROP DATABASE ${db}`);
      await admin.end();
    },
  };
}

describe.skipIf(!url)('mysql', () => {
  tableSourceContract(
    'mysql',
    async () => {
      const f = await openFixture();
      return {
        source: f.source,
        statements: f.statements,
        schema: f.db,
        table: 'orders',
        renameColumn: async (from, to) => {
          await f.admin.query(`ALTER TABLE ${f.db}.orders CHANGE ${from} ${to} bigint`);
        },
        sleepSql: (s) => `SELECT SLEEP(${s}) AS slept`,
        dispose: f.dispose,
      };
    },
    { quantiles: false },
  );

  it('reads TABLE_ROWS as an estimate and UPDATE_TIME as a hint, without a scan', async () => {
    const f = await openFixture();
    try {
      await f.admin.query(`ANALYZE TABLE ${f.db}.orders`);
      const r = await f.source.tableStats({ name: 'orders' }, { tag: { monitorId: 'm' } });
      if (!r.ok) throw r.error;
      expect(r.cost.queries).toBe(1);
      expect(r.value.rowCount).toMatchObject({ exact: false, method: 'metadata' });
      expect(r.value.rowCount?.value).toBeGreaterThan(50);
      if (r.value.lastModified) expect(r.value.lastModified.exact).toBe(false);
      expect(f.statements.at(-1)).toContain('information_schema.TABLES');
    } finally {
      await f.dispose();
    }
  });

  it('refuses a wrong password without echoing it, and names an unreachable host', async () => {
    const base = { kind: 'mysql', ...configFromUrl(url!) };
    const wrong = mysqlSource.create(mysqlConfigSchema.parse({ ...base, password: 'Wr0ng-s3cret' }), {});
    const r = await wrong.testConnection();
    expect(r.ok ? 'ok' : r.error.code).toBe('SOURCE_AUTH_FAILED');
    expect(JSON.stringify(r.ok ? {} : r.error.toJSON())).not.toContain('Wr0ng-s3cret');
    await wrong.close();
    const away = mysqlSource.create(
      mysqlConfigSchema.parse({ ...base, host: '127.0.0.1', port: 1, connectTimeoutMs: 2000 }),
      {},
    );
    const u = await away.testConnection();
    expect(u.ok ? 'ok' : [u.error.code, u.error.message]).toEqual([
      'SOURCE_UNREACHABLE',
      'cannot reach MySQL at 127.0.0.1:1',
    ]);
    await away.close();
  });

  it('rejects MySQL-only tricks (executable comments, INTO OUTFILE) and reads strings with and without backslash escapes', async () => {
    const f = await openFixture();
    try {
      for (const bad of [
        'SELECT 1 /*!50000 ; DROP TABLE orders */',
        "SELECT * FROM orders INTO OUTFILE '/tmp/x'",
      ]) {
        const r = await f.source.runQuery(bad, { tag: {} });
        expect(r.ok ? 'ran' : r.error.code, bad).toBe('SQL_NOT_READ_ONLY');
      }
      // With backslash escapes this is one harmless string; under NO_BACKSLASH_ESCAPES it chains a
      // DROP. The server's sql_mode decides, so the guard refuses what either reading makes unsafe.
      const str = await f.source.runQuery("SELECT 'a\\'; DROP TABLE orders; -- ' AS s", { tag: {} });
      expect(str.ok ? 'ran' : str.error.code).toBe('SQL_NOT_READ_ONLY');
      const escaped = await f.source.runQuery("SELECT 'C:\\\\dir' AS s", { tag: {} });
      expect(escaped.ok && escaped.value.rows[0]?.s).toBe('C:\\dir');
      const ok = await f.source.runQuery("SELECT 'it''s; fine' AS s, `name` FROM orders WHERE id = 1", {
        tag: {},
      });
      expect(ok.ok && ok.value.rows[0]).toEqual({ s: "it's; fine", name: 'item1' });
    } finally {
      await f.dispose();
    }
  });
});
