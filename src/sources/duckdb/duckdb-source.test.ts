import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ColumnPlan } from '../source.js';
import { SqlSource } from '../sql/sql-source.js';
import { tableSourceContract } from '../testing/contract.js';
import { insertStatements } from '../testing/fixture.js';
import { duckdbConfigSchema, duckdbEngine } from './index.js';

async function openFixture(
  extra: Partial<{ lake: Array<{ name: string; path: string; format: 'parquet' | 'csv' }> }> = {},
) {
  const statements: string[] = [];
  const engine = duckdbEngine(duckdbConfigSchema.parse({ kind: 'duckdb', ...extra }));
  const admin = (sql: string, params: unknown[] = []) =>
    engine.driver.exec(sql, params, { timeoutMs: 30_000 });
  await admin('CREATE SCHEMA shop');
  await admin(
    'CREATE TABLE shop.orders (id INTEGER, amount BIGINT, name VARCHAR, category VARCHAR, created_at TIMESTAMP)',
  );
  for (const st of insertStatements('shop.orders', (i) => `$${i}`)) await admin(st.sql, st.params);
  const source = new SqlSource(engine, { onStatement: (s) => statements.push(s) });
  return { engine, admin, source, statements };
}

/** Writes the fixture as Parquet and CSV in `dir`, and as table main.orders of `dir`/shop.duckdb. */
async function seedLake(dir: string): Promise<void> {
  // Vigil's own DuckDB may not write files (external access is off): a plain instance does.
  const seed = await DuckDBInstance.create(join(dir, 'shop.duckdb'));
  const c = await seed.connect();
  await c.run(
    'CREATE TABLE orders (id INTEGER, amount BIGINT, name VARCHAR, category VARCHAR, created_at TIMESTAMP)',
  );
  for (const st of insertStatements('orders', (i) => `$${i}`)) await c.run(st.sql, st.params as string[]);
  await c.run(`COPY orders TO '${join(dir, 'orders.parquet')}' (FORMAT parquet)`);
  await c.run(`COPY orders TO '${join(dir, 'orders.csv')}' (HEADER)`);
  c.closeSync();
  seed.closeSync();
}

tableSourceContract(
  'duckdb',
  async () => {
    const f = await openFixture();
    return {
      source: f.source,
      statements: f.statements,
      schema: 'shop',
      table: 'orders',
      renameColumn: async (from, to) => {
        await f.admin(`ALTER TABLE shop.orders RENAME COLUMN ${from} TO ${to}`);
      },
      // DuckDB has no sleep(): a cross join far too large to finish stands in for it.
      sleepSql: () => 'SELECT count(*) FROM range(100000000) a, range(100000) b WHERE a.range + b.range < 0',
      dispose: () => f.source.close(),
    };
  },
  { quantiles: true },
);

describe('duckdb source', () => {
  it('reads row count and max timestamp from catalog and storage statistics without scanning', async () => {
    const f = await openFixture();
    const r = await f.source.tableStats(
      { schema: 'shop', name: 'orders' },
      { tag: { monitorId: 'm' }, timestampColumn: 'created_at' },
    );
    if (!r.ok) throw r.error;
    expect(r.value.rowCount).toEqual({ value: 100, exact: false, method: 'metadata' });
    expect(r.value.maxTimestamp).toEqual({
      column: 'created_at',
      value: '2100-01-01T00:01:40.000Z',
      exact: false,
      method: 'metadata',
    });
    expect(r.cost.queries).toBe(2);
    const sent = f.statements.slice(-2);
    expect(sent[0]).toContain('duckdb_tables()');
    expect(sent[1]).toContain('pragma_storage_info');
    for (const st of sent) expect(st).not.toMatch(/FROM "shop"\."orders"/);
    await f.source.close();
  });

  it('estimates large distinct counts and quantiles when asked, says which values are estimates, and stays close', async () => {
    const engine = duckdbEngine(duckdbConfigSchema.parse({ kind: 'duckdb' }));
    await engine.driver.exec(
      'CREATE TABLE big AS SELECT i AS id, (i * 7919) % 1000 AS bucket FROM range(300000) t(i)',
      [],
      { timeoutMs: 30_000 },
    );
    const source = new SqlSource(engine, {});
    const tag = { monitorId: 'test', purpose: 'profile' };
    const table = { schema: 'main', name: 'big' };
    const columns = [
      { name: 'id', type: 'number' as const, metrics: ['distinct_count', 'p50', 'p95', 'mean'] },
      { name: 'bucket', type: 'number' as const, metrics: ['distinct_ratio'] },
    ] as ColumnPlan[];
    const exact = await source.profile(table, { columns }, { tag });
    // The last profile's distinct counts decide: 300,000 is sampled, 1,000 is counted exactly.
    const hinted = columns.map((c) => ({ ...c, expectedDistinct: c.name === 'id' ? 300_000 : 1000 }));
    const estimated = await source.profile(table, { columns: hinted, accuracy: 'estimated' }, { tag });
    if (!exact.ok || !estimated.ok) throw new Error('profile failed');
    expect(exact.value.estimated).toEqual([]);
    expect(exact.value.columns.id?.distinct_count).toBe(300_000);
    expect(estimated.value.estimated.map((e) => `${e.column}.${e.metric}`).sort()).toEqual([
      'id.distinct_count',
      'id.p50',
      'id.p95',
    ]);
    expect(estimated.value.estimated[0]?.method).toMatch(/1-in-16 hash sample|t-digest/);
    expect(estimated.value.columns.id?.mean).toBe(exact.value.columns.id?.mean);
    expect(estimated.value.columns.bucket?.distinct_ratio).toBe(exact.value.columns.bucket?.distinct_ratio);
    const near = (got: unknown, want: unknown, tolerance: number) =>
      expect(Math.abs(Number(got) - Number(want)) / Number(want)).toBeLessThan(tolerance);
    near(estimated.value.columns.id?.distinct_count, 300_000, 0.03);
    near(estimated.value.columns.id?.p50, exact.value.columns.id?.p50, 0.02);
    near(estimated.value.columns.id?.p95, exact.value.columns.id?.p95, 0.02);
    await source.close();
  });

  it('profiles Parquet and CSV lake files as views in schema lake', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-lake-'));
    try {
      await seedLake(dir);
      const lake = duckdbEngine(
        duckdbConfigSchema.parse({
          kind: 'duckdb',
          lake: [
            { name: 'orders_pq', path: join(dir, '*.parquet'), format: 'parquet' },
            { name: 'orders_csv', path: join(dir, 'orders.csv'), format: 'csv' },
          ],
        }),
      );
      const source = new SqlSource(lake);
      const tables = await source.listTables();
      expect(
        tables.ok && tables.value.filter((t) => t.schema === 'lake').map((t) => [t.name, t.type]),
      ).toEqual([
        ['orders_csv', 'view'],
        ['orders_pq', 'view'],
      ]);
      for (const name of ['orders_pq', 'orders_csv']) {
        const p = await source.profile(
          { schema: 'lake', name },
          { columns: [{ name: 'amount', metrics: ['max', 'negative_count'] }] },
          { tag: {} },
        );
        if (!p.ok) throw p.error;
        expect(p.value.columns.amount).toEqual({ max: 90, negative_count: 9 });
        const stats = await source.tableStats({ schema: 'lake', name }, { tag: {} });
        expect(stats.ok && stats.value.rowCount).toEqual({ value: 100, exact: true, method: 'query' });
      }
      await source.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows lake views beside a read-only file, reads the lake folder and nothing outside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-lake-file-'));
    try {
      mkdirSync(join(dir, 'lake'));
      await seedLake(join(dir, 'lake'));
      renameSync(join(dir, 'lake', 'shop.duckdb'), join(dir, 'shop.duckdb'));
      writeFileSync(join(dir, 'secret.txt'), 'not for user SQL');
      const before = readdirSync(dir).sort();
      const source = new SqlSource(
        duckdbEngine(
          duckdbConfigSchema.parse({
            kind: 'duckdb',
            path: join(dir, 'shop.duckdb'),
            lake: [{ name: 'orders_pq', path: join(dir, 'lake', '*.parquet'), format: 'parquet' }],
          }),
        ),
      );
      const tables = await source.listTables();
      expect(tables.ok && tables.value.map((t) => `${t.schema}.${t.name} ${t.type}`)).toEqual([
        'lake.orders_pq view',
        'main.orders table',
      ]);
      const cols = await source.describeTable({ schema: 'lake', name: 'orders_pq' });
      expect(cols.ok && cols.value.map((c) => c.name)).toEqual([
        'id',
        'amount',
        'name',
        'category',
        'created_at',
      ]);
      const stats = await source.tableStats({ schema: 'lake', name: 'orders_pq' }, { tag: {} });
      expect(stats.ok && stats.value.rowCount?.value).toBe(100);
      const inLake = await source.runQuery(
        `SELECT count(*) AS n FROM read_csv('${join(dir, 'lake', 'orders.csv')}')`,
        {
          tag: {},
        },
      );
      expect(inLake.ok && inLake.value.rows).toEqual([{ n: 100 }]);
      for (const outside of [join(dir, 'secret.txt'), join(dir, 'lake', '..', 'secret.txt')]) {
        const r = await source.runQuery(`SELECT content FROM read_text('${outside}')`, { tag: {} });
        expect(r.ok ? r.value.rows : r.error.code).toBe('QUERY_FAILED');
      }
      await source.close();
      expect(readdirSync(dir).sort()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects statements DuckDB itself classes as writes, and files it cannot open', async () => {
    const f = await openFixture();
    const r = await f.source.runQuery("COPY shop.orders TO '/tmp/x.csv'", { tag: {} });
    expect(r.ok ? 'ran' : r.error.code).toBe('SQL_NOT_READ_ONLY');
    await f.source.close();
    const missing = new SqlSource(
      duckdbEngine(duckdbConfigSchema.parse({ kind: 'duckdb', path: '/nonexistent/dir/x.db' })),
    );
    const t = await missing.testConnection();
    expect(t.ok ? 'ok' : t.error.code).toBe('SOURCE_UNREACHABLE');
    await missing.close();
  });
});
