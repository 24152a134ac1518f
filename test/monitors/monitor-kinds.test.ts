import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitor, type MonitorInput } from '../../src/services/monitors.js';
import type { CheckResultView } from '../../src/services/monitor-views.js';
import { runMonitorNow } from '../../src/services/run-monitor-now.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import { duckdbSource } from '../../src/sources/duckdb/index.js';
import { listSchemaSnapshots } from '../../src/store/repositories/checks.js';
import { duckdbExec } from '../support/duckdb-file.js';
import { openTestStore, testContext, testSecrets, type TestStore } from '../support/stores.js';

const HOUR = 3_600_000;

describe('monitor kinds on a DuckDB warehouse', () => {
  let t: TestStore;
  let file: string;
  const sources = new SourceProvider(createSourceCatalog([duckdbSource]).factory, testSecrets);
  const deps = { sources, timeoutMs: 30_000, workerId: 'test' };
  let ctx: ReturnType<typeof testContext>;

  // The source keeps the DuckDB file open between runs; it is closed before the test changes data.
  const exec = async (...sql: string[]) => {
    await sources.closeAll();
    await duckdbExec(file, sql);
  };
  const monitor = (input: Partial<MonitorInput> & Pick<MonitorInput, 'name' | 'kind'>) =>
    createMonitor({
      ctx,
      input: {
        source: 'shop',
        asset: 'main.orders',
        config: {},
        schedule: { every: '1h' },
        severity: 'page',
        labels: {},
        description: '',
        enabled: true,
        ...input,
      } as never,
    });
  const run = (id: string) => runMonitorNow({ ctx, input: { id, deps } });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    ctx = testContext(t.store);
    ctx.clock.set('2026-03-02T00:00:00Z');
    file = join(mkdtempSync(join(tmpdir(), 'vigil-kinds-')), 'shop.duckdb');
    await duckdbExec(file, [
      'create table orders (id integer, customer varchar, amount double, created_at timestamp)',
    ]);
    await createSource({ ctx, input: { name: 'shop', kind: 'duckdb', config: { path: file } } });
  });
  afterAll(async () => {
    await sources.closeAll();
    await t.dispose();
  });

  it('learns the hourly volume and fails on a load 60 % short, with the expected band', async () => {
    const m = await monitor({
      name: 'orders volume',
      kind: 'volume',
      config: { exact: true, detection: { minTrainingPoints: 24 } },
    });
    let last: CheckResultView | undefined;
    for (let h = 0; h < 40; h++) {
      await exec(`insert into orders select range, 'c', 10, now() from range(${100 + (h % 3) * 5})`);
      last = await run(m.id);
      ctx.clock.advance(HOUR);
    }
    expect(last?.status).toBe('pass');
    await exec(`insert into orders select range, 'c', 10, now() from range(40)`);
    const short = await run(m.id);
    expect(short.status).toBe('fail');
    expect(short.observed).toBe(40);
    expect(short.expected?.lower).toBeGreaterThan(40);
    expect(short.message).toMatch(/rows added/);
  });

  it('fails a static freshness limit, from the max of a timestamp column', async () => {
    await exec(
      'create table loads (loaded_at timestamp)',
      "insert into loads values (TIMESTAMP '2026-03-03 03:00:00'), (TIMESTAMP '2026-03-03 04:00:00')",
    );
    ctx.clock.set('2026-03-03T05:30:00Z');
    const m = await monitor({
      name: 'loads fresh',
      kind: 'freshness',
      asset: 'main.loads',
      config: { timestampColumn: 'loaded_at', maxAgeMinutes: 60 },
    });
    const r = await run(m.id);
    expect(r.status).toBe('fail');
    expect(r.observed).toBe(90 * 60);
    expect(r.message).toMatch(/above the maximum 3,600/);
  });

  it('records the schema and fails once when a column is renamed upstream, showing the diff', async () => {
    const m = await monitor({ name: 'orders schema', kind: 'schema' });
    expect((await run(m.id)).status).toBe('pass');
    expect((await run(m.id)).message).toMatch(/unchanged/);
    await exec('alter table orders rename column customer to customer_id');
    const changed = await run(m.id);
    expect(changed.status).toBe('fail');
    expect(changed.message).toBe(
      'schema of main.orders changed: added customer_id (VARCHAR); removed customer',
    );
    const snapshots = await listSchemaSnapshots(t.store.db, m.id, 10);
    expect(snapshots).toHaveLength(2);
    expect(snapshots[0]?.diff).toMatchObject({
      added: [{ name: 'customer_id' }],
      removed: [{ name: 'customer' }],
    });
  });

  it('errors, naming the column, when a watched column is renamed under a column-health monitor', async () => {
    const m = await monitor({
      name: 'customer health',
      kind: 'column_health',
      config: { columns: ['customer'] },
    });
    const r = await run(m.id);
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/column customer is not in main\.orders/);
  });

  it('estimates a large column once it knows its size, and says which values are estimates', async () => {
    await exec('create table big_events as select i as id, i % 7 as kind from range(200000) t(i)');
    const m = await monitor({
      name: 'big events health',
      asset: 'main.big_events',
      kind: 'column_health',
      config: { columns: ['id', 'kind'], metrics: ['distinct_count', 'p50'], accuracy: 'estimated' },
    });
    const estimatedOf = (r: CheckResultView) =>
      ((r.details as { estimated?: Array<{ column: string; metric: string }> }).estimated ?? [])
        .map((e) => `${e.column}.${e.metric}`)
        .sort();
    // First run: distinct counts unknown, so counted exactly; quantiles from a t-digest.
    const first = await run(m.id);
    expect(estimatedOf(first)).toEqual(['id.p50', 'kind.p50']);
    expect(first.message).toMatch(/2 value\(s\) estimated/);
    // Next run: 200,000 distinct ids are sampled by hash; 7 kinds are still counted exactly.
    ctx.clock.advance(HOUR);
    const second = await run(m.id);
    expect(estimatedOf(second)).toEqual(['id.distinct_count', 'id.p50', 'kind.p50']);
    const points = await t.store.db
      .selectFrom('metric_points')
      .select(['metric', 'value'])
      .where('monitor_id', '=', m.id)
      .where('metric', 'in', ['id.distinct_count', 'kind.distinct_count'])
      .execute();
    const ids = points.filter((p) => p.metric === 'id.distinct_count').map((p) => Number(p.value));
    // One exact count and one estimate (the hash is fixed, so the estimate is the same every run).
    expect(ids).toHaveLength(2);
    expect(ids.filter((v) => v === 200_000)).toHaveLength(1);
    for (const v of ids) expect(Math.abs(v - 200_000) / 200_000).toBeLessThan(0.03);
    expect(points.filter((p) => p.metric === 'kind.distinct_count').map((p) => Number(p.value))).toEqual([
      7, 7,
    ]);
  });

  it('never computes value-revealing metrics on PII columns', async () => {
    const m = await monitor({
      name: 'customer pii',
      kind: 'column_health',
      config: { columns: ['customer_id', 'amount'], pii: ['customer_id'] },
    });
    await run(m.id);
    const points = await t.store.db
      .selectFrom('metric_points')
      .select('metric')
      .where('monitor_id', '=', m.id)
      .execute();
    const metrics = points.map((p) => p.metric);
    expect(metrics).toContain('customer_id.null_rate');
    expect(metrics).toContain('amount.max');
    expect(
      metrics.filter((x) => x.startsWith('customer_id.')).some((x) => /\.(min|max|p\d\d)$/.test(x)),
    ).toBe(false);
  });

  it('rejects custom SQL that writes, before it runs, and keeps the table', async () => {
    for (const sql of ['drop table orders', 'insert into orders values (1)', 'select 1; drop table orders']) {
      const m = await monitor({ name: `bad sql ${sql}`, kind: 'custom_sql', config: { sql } });
      const r = await run(m.id);
      expect(r.status).toBe('error');
      expect(r.details).toMatchObject({ code: 'SQL_NOT_READ_ONLY' });
      expect(r.message).not.toContain('orders values');
    }
    const count = await monitor({
      name: 'still there',
      kind: 'custom_sql',
      config: { sql: 'select count(*) from orders', bounds: { min: 1 } },
    });
    expect((await run(count.id)).status).toBe('pass');
  });

  it('errors with a clear message on a table that does not exist, and the next monitor still runs', async () => {
    const missing = await monitor({ name: 'ghost volume', kind: 'volume', asset: 'main.ghost' });
    const r = await run(missing.id);
    expect(r.status).toBe('error');
    expect(r.details).toMatchObject({ code: 'TABLE_NOT_FOUND' });
    expect(r.message).toMatch(/ghost/);
  });
});
