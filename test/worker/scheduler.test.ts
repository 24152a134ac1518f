import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createMonitor } from '../../src/services/monitors.js';
import { createSource } from '../../src/services/sources.js';
import { duckdbSource } from '../../src/sources/duckdb/index.js';
import { openStore, type Store } from '../../src/store/database.js';
import { DEFAULT_SCHEDULER, runDueMonitors } from '../../src/worker/scheduler.js';
import {
  openTestStore,
  storeAvailable,
  testContext,
  testSecrets,
  type TestStore,
} from '../support/stores.js';

const catalog = createSourceCatalog([duckdbSource]);

function workerOptions(id: string) {
  return {
    ...DEFAULT_SCHEDULER,
    batch: 5,
    sources: new SourceProvider(catalog.factory, testSecrets),
    workerId: id,
  };
}

describe.skipIf(!storeAvailable('postgres'))('scheduler on a shared PostgreSQL store', () => {
  let t: TestStore;
  let second: Store;
  beforeAll(async () => {
    t = await openTestStore('postgres');
    second = await openStore({ databaseUrl: t.url });
  });
  afterAll(async () => {
    await second?.close();
    await t?.dispose();
  });

  it('two workers split the due monitors and never run one twice in a cycle', async () => {
    const ctx = testContext(t.store);
    await createSource({ ctx, input: { name: 'mem', kind: 'duckdb', config: { path: ':memory:' } } });
    for (let i = 0; i < 40; i++) {
      await createMonitor({
        ctx,
        input: {
          name: `m${i}`,
          kind: 'custom_sql',
          source: 'mem',
          asset: 'main.t',
          config: { sql: `select ${i} as v` },
          schedule: { every: '1h' },
          severity: 'log',
          labels: {},
          description: '',
          enabled: true,
        },
      });
    }
    const a = workerOptions('worker-a');
    const b = workerOptions('worker-b');
    const ctxB = { ...testContext(second, undefined, ctx.clock) };
    const [ranA, ranB] = await Promise.all([runDueMonitors(ctx, a), runDueMonitors(ctxB, b)]);
    expect(ranA + ranB).toBe(40);
    expect(ranA).toBeGreaterThan(0);
    expect(ranB).toBeGreaterThan(0);

    const perMonitor = await t.store.db
      .selectFrom('check_results')
      .select(['monitor_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('monitor_id')
      .execute();
    expect(perMonitor).toHaveLength(40);
    expect(perMonitor.every((r) => Number(r.n) === 1)).toBe(true);

    // Nothing is due again until the schedule says so.
    expect(await runDueMonitors(ctx, a)).toBe(0);
    ctx.clock.advance(3_600_000);
    expect(await runDueMonitors(ctxB, b)).toBe(40);
    await a.sources.closeAll();
    await b.sources.closeAll();
  });

  it("takes over a crashed worker's monitors once its lease expires", async () => {
    const ctx = testContext(t.store);
    ctx.clock.set('2026-03-01T00:00:00Z');
    const monitors = await t.store.db.selectFrom('monitors').select('id').execute();
    // worker-c leases everything and "crashes" (never finishes)
    await t.store.db
      .updateTable('monitors')
      .set({
        next_run_at: ctx.clock.now(),
        lease_owner: 'worker-c',
        lease_expires_at: new Date(ctx.clock.now().getTime() + 60_000),
      })
      .execute();
    const d = workerOptions('worker-d');
    expect(await runDueMonitors(ctx, d)).toBe(0);
    ctx.clock.advance(61_000);
    expect(await runDueMonitors(ctx, d)).toBe(monitors.length);
    await d.sources.closeAll();
  });
});
