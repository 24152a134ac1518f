import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testServer } from '../../../test/support/servers.js';
import { SqlSource } from '../sql/sql-source.js';
import { tableSourceContract } from '../testing/contract.js';
import { insertStatements } from '../testing/fixture.js';
import { configFromUrl } from '../testing/url.js';
import { detectChange, postgresConfigSchema, postgresEngine, postgresSource } from './index.js';

const url = testServer('VIGIL_TEST_PG_WAREHOUSE_URL');

async function openFixture() {
  const schema = `vigil_src_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(
    `CREATE TABLE ${schema}.orders (id integer, amount bigint, name text, category varchar(10), created_at timestamp)`,
  );
  for (const st of insertStatements(`${schema}.orders`, (i) => `$${i}`)) await admin.query(st.sql, st.params);
  const statements: string[] = [];
  const config = postgresConfigSchema.parse({ kind: 'postgres', ...configFromUrl(url!) });
  const source = new SqlSource(postgresEngine(config), { onStatement: (s) => statements.push(s) });
  return {
    schema,
    admin,
    source,
    statements,
    config,
    dispose: async () => {
      await source.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

describe.skipIf(!url)('postgres', () => {
  tableSourceContract(
    'postgres',
    async () => {
      const f = await openFixture();
      return {
        source: f.source,
        statements: f.statements,
        schema: f.schema,
        table: 'orders',
        renameColumn: async (from, to) => {
          await f.admin.query(`ALTER TABLE ${f.schema}.orders RENAME COLUMN ${from} TO ${to}`);
        },
        sleepSql: (s) => `SELECT pg_sleep(${s})`,
        dispose: f.dispose,
      };
    },
    { quantiles: true },
  );

  it('reads reltuples after ANALYZE as an estimate, and counts exactly before', async () => {
    const f = await openFixture();
    try {
      const t = { schema: f.schema, name: 'orders' };
      const before = await f.source.tableStats(t, { tag: {} });
      expect(before.ok && before.value.rowCount).toEqual({ value: 100, exact: true, method: 'query' });
      await f.admin.query(`ANALYZE ${f.schema}.orders`);
      const after = await f.source.tableStats(t, { tag: {} });
      if (!after.ok) throw after.error;
      expect(after.value.rowCount).toEqual({ value: 100, exact: false, method: 'metadata' });
      expect(after.cost.queries).toBe(1);
      expect(after.value.lastModified).toBeNull();
      expect(after.value.sizeBytes?.value).toBeGreaterThan(0);
    } finally {
      await f.dispose();
    }
  });

  it('derives a change from the pg_stat_user_tables counters between two polls', async () => {
    const f = await openFixture();
    try {
      const t = { schema: f.schema, name: 'orders' };
      await f.admin.query('SELECT pg_stat_force_next_flush()');
      const read = async () => {
        const r = await f.source.tableStats(t, { tag: {} });
        if (!r.ok || !r.value.changeCounters) throw new Error('no counters');
        return { counters: r.value.changeCounters, observedAt: r.value.observedAt };
      };
      const first = await read();
      const quiet = await read();
      expect(detectChange(first, quiet).changed).toBe(false);
      await f.admin.query(`UPDATE ${f.schema}.orders SET amount = amount + 1 WHERE id <= 3`);
      await f.admin.query('SELECT pg_stat_force_next_flush()');
      let moved = await read();
      for (let i = 0; i < 40 && moved.counters.updates === quiet.counters.updates; i++) {
        await new Promise((r) => setTimeout(r, 250));
        moved = await read();
      }
      const verdict = detectChange({ ...quiet, lastModified: null }, moved);
      expect(verdict).toMatchObject({
        changed: true,
        reason: 'counters-moved',
        lastModified: moved.observedAt,
      });
      expect(verdict.delta?.updates).toBe(3);
    } finally {
      await f.dispose();
    }
  });

  it('refuses a wrong password without echoing it, and names an unreachable host', async () => {
    const base = { kind: 'postgres', ...configFromUrl(url!) };
    const wrong = postgresSource.create(
      postgresConfigSchema.parse({ ...base, password: 'Wr0ng-s3cret' }),
      {},
    );
    const r = await wrong.testConnection();
    expect(r.ok ? 'ok' : r.error.code).toBe('SOURCE_AUTH_FAILED');
    expect(JSON.stringify(r.ok ? {} : r.error.toJSON())).not.toContain('Wr0ng-s3cret');
    await wrong.close();
    const away = postgresSource.create(
      postgresConfigSchema.parse({ ...base, host: '127.0.0.1', port: 1, connectTimeoutMs: 2000 }),
      {},
    );
    const u = await away.testConnection();
    expect(u.ok ? 'ok' : [u.error.code, u.error.message]).toEqual([
      'SOURCE_UNREACHABLE',
      'cannot reach PostgreSQL at 127.0.0.1:1',
    ]);
    await away.close();
  });

  it('keeps writes hidden in CTEs or functions out, and runs custom SQL in a READ ONLY transaction', async () => {
    const f = await openFixture();
    try {
      const cte = await f.source.runQuery(
        `WITH gone AS (DELETE FROM ${f.schema}.orders RETURNING 1) SELECT count(*) FROM gone`,
        { tag: {} },
      );
      expect(cte.ok ? 'ran' : cte.error.code).toBe('SQL_NOT_READ_ONLY');
      // Passes the text check, but the transaction refuses it: the second wall.
      await f.admin.query(`CREATE SEQUENCE ${f.schema}.seq`);
      const seq = await f.source.runQuery(`SELECT nextval('${f.schema}.seq')`, { tag: {} });
      expect(seq.ok ? 'ran' : seq.error.code).toBe('SQL_NOT_READ_ONLY');
      const ro = await f.source.runQuery("SELECT current_setting('transaction_read_only') AS ro", {
        tag: {},
      });
      expect(ro.ok && ro.value.rows[0]?.ro).toBe('on');
    } finally {
      await f.dispose();
    }
  });
});
