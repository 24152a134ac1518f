import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverMonitors, pickTimestampColumn } from '../../src/services/discover-monitors.js';
import { createMonitor, listMonitors } from '../../src/services/monitors.js';
import { runMonitorNow } from '../../src/services/run-monitor-now.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import { duckdbSource } from '../../src/sources/duckdb/index.js';
import { queryAudit } from '../../src/store/repositories/audit-log.js';
import { runVigil } from '../support/cli.js';
import { duckdbExec } from '../support/duckdb-file.js';
import { openTestStore, type TestStore, testContext, testSecrets } from '../support/stores.js';

const WAREHOUSE = [
  'create table orders (id integer, created_at timestamp, updated_at timestamp, amount double)',
  "insert into orders values (1, TIMESTAMP '2026-03-01 10:00:00', TIMESTAMP '2026-03-01 11:00:00', 5)",
  'create table customers (id integer, name varchar)',
  "insert into customers values (1, 'a')",
  'create table clicks (id integer, event_time timestamp, seen_at timestamp)',
  'create table orders_backup (id integer, updated_at timestamp)',
  'create schema staging',
  'create table staging.orders_raw (id integer, loaded_at timestamp)',
  'create view big_orders as select * from orders where amount > 100',
];

describe('discover: monitors for every table of a source', () => {
  let t: TestStore;
  let file: string;
  let ctx: ReturnType<typeof testContext>;
  const sources = new SourceProvider(createSourceCatalog([duckdbSource]).factory, testSecrets);
  const deps = { sources, timeoutMs: 30_000 };

  beforeAll(async () => {
    t = await openTestStore('pglite');
    ctx = testContext(t.store);
    ctx.clock.set('2026-03-01T12:00:00Z');
    file = join(mkdtempSync(join(tmpdir(), 'vigil-discover-')), 'shop.duckdb');
    await duckdbExec(file, WAREHOUSE);
    await createSource({ ctx, input: { name: 'shop', kind: 'duckdb', config: { path: file } } });
  });
  afterAll(async () => {
    await sources.closeAll();
    await t.dispose();
  });

  it('picks the load time over the event time, and the first timestamp column otherwise', () => {
    const col = (name: string, position: number, type: 'timestamp' | 'string' = 'timestamp') => ({
      name,
      dataType: type === 'timestamp' ? 'TIMESTAMP' : 'VARCHAR',
      type,
      nullable: true,
      position,
    });
    expect(pickTimestampColumn([col('created_at', 1), col('_loaded_at', 2)])).toBe('_loaded_at');
    expect(pickTimestampColumn([col('event_time', 1), col('Updated_At', 2)])).toBe('Updated_At');
    expect(pickTimestampColumn([col('loaded_at', 1, 'string'), col('seen_at', 2)])).toBe('seen_at');
    expect(pickTimestampColumn([col('name', 1, 'string')])).toBeUndefined();
  });

  it('plans in a dry run, creates after, skips excluded tables, views and monitors that exist', async () => {
    await createMonitor({
      ctx,
      input: {
        name: 'orders rows',
        kind: 'volume',
        source: 'shop',
        asset: 'main.orders',
        config: {},
        schedule: { every: '1h' },
        severity: 'ticket',
        labels: {},
        description: '',
        enabled: true,
      },
    });
    const input = { source: 'shop', exclude: ['staging.*', '*_BACKUP'], deps };
    const dry = await discoverMonitors({ ctx, input: { ...input, dryRun: true } });
    expect(dry.tables).toBe(6);
    const planned = dry.monitors.map((m) => m.name);
    expect(planned).toEqual([
      'main.clicks freshness',
      'main.clicks volume',
      'main.clicks schema',
      'main.customers volume',
      'main.customers schema',
      'main.orders freshness',
      'main.orders schema',
    ]);
    expect(dry.monitors.find((m) => m.name === 'main.orders freshness')?.config).toEqual({
      timestampColumn: 'updated_at',
    });
    expect(dry.monitors.find((m) => m.name === 'main.clicks freshness')?.config).toEqual({
      timestampColumn: 'event_time',
    });
    expect(dry.skipped).toEqual(
      expect.arrayContaining([
        { asset: 'main.big_orders', reason: expect.stringMatching(/a view/) },
        { asset: 'main.orders_backup', reason: 'excluded by *_BACKUP' },
        { asset: 'staging.orders_raw', reason: 'excluded by staging.*' },
        { asset: 'main.orders', kind: 'volume', reason: 'has this monitor already' },
        {
          asset: 'main.customers',
          kind: 'freshness',
          reason: 'no timestamp column, and duckdb keeps no modified time for tables',
        },
      ]),
    );
    expect(await listMonitors({ ctx, input: {} })).toHaveLength(1); // a dry run creates nothing

    const made = await discoverMonitors({
      ctx,
      input: { ...input, schedule: { every: '30m' }, owner: 'data-eng' },
    });
    expect(made.monitors.map((m) => m.name)).toEqual(planned);
    const all = await listMonitors({ ctx, input: {} });
    expect(all).toHaveLength(1 + planned.length);
    const fresh = all.find((m) => m.name === 'main.orders freshness');
    expect(fresh).toMatchObject({ kind: 'freshness', owner: 'data-eng', schedule: { every: '30m' } });
    const audit = await queryAudit(t.store.db, { action: 'monitor.create', limit: 50 });
    expect(audit).toHaveLength(1 + planned.length);

    // The new monitors run as made by hand: freshness from updated_at (an hour old).
    const run = await runMonitorNow({
      ctx,
      input: { id: fresh?.id as string, deps: { ...deps, workerId: 't' } },
    });
    expect(run.observed).toBe(3600);

    // A second discover finds nothing left to do.
    const again = await discoverMonitors({ ctx, input });
    expect(again.monitors).toEqual([]);
  });

  it('vigil discover prints what it would create, and then creates it', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-discover-cli-'));
    await duckdbExec(join(dir, 'shop.duckdb'), WAREHOUSE);
    writeFileSync(
      join(dir, 'vigil.yaml'),
      'sources:\n  - name: shop\n    kind: duckdb\n    path: ./shop.duckdb\n',
    );
    const env = { VIGIL_DATA_DIR: join(dir, '.vigil') };
    const dry = await runVigil(
      ['discover', 'shop', '--dry-run', '--exclude', 'staging.*', 'main.orders_*'],
      env,
      dir,
    );
    expect(dry.code).toBe(0);
    expect(dry.output).toMatch(/\+\s+main\.orders freshness\s+freshness\s+from updated_at/);
    expect(dry.output).toMatch(/main\.customers freshness: no timestamp column/);
    expect(dry.output).toMatch(
      /dry run: nothing was changed; would create 8 monitors on 3 of 6 tables in shop, 4 skipped/,
    );
    const real = await runVigil(['discover', 'shop', '--exclude', 'staging.*', 'main.orders_*'], env, dir);
    expect(real.code).toBe(0);
    expect(real.output).toMatch(/created 8 monitors on 3 of 6 tables in shop/);
    const again = await runVigil(['discover', 'shop', '--json'], env, dir);
    const parsed = JSON.parse(again.output.slice(again.output.indexOf('{'))) as {
      monitors: Array<{ name: string }>;
    };
    expect(parsed.monitors.map((m) => m.name)).toEqual([
      'main.orders_backup freshness',
      'main.orders_backup volume',
      'main.orders_backup schema',
      'staging.orders_raw freshness',
      'staging.orders_raw volume',
      'staging.orders_raw schema',
    ]);
    const bad = await runVigil(['discover', 'nowhere'], env, dir);
    expect(bad.code).toBe(2);
    expect(bad.output).toMatch(/no source nowhere/);
  });
});
