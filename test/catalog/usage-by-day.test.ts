import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAsset } from '../../src/services/catalog/asset-store.js';
import { createSource } from '../../src/services/sources.js';
import { json } from '../../src/store/executor.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  type TestStore,
  testContext,
} from '../support/stores.js';

const ORDERS = 'postgres://10.0.0.5:5432/shop.public.orders';
const DAY = 86_400_000;

/**
 * Reads per day on an asset's usage: each day's last reading of pg_stat_statements' cumulative
 * counters, differenced day to day (a drop is a reset), summed over sources; and Vigil's checks.
 */
describe.each(STORE_KINDS)('asset usage by day on %s', (kind) => {
  let t: TestStore;
  let a: TestApp;
  const day = (ago: number) => new Date(a.clock.now().getTime() - ago * DAY).toISOString().slice(0, 10);

  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    a = await buildTestApp(t.store);
    a.clock.set('2026-05-10T12:00:00Z');
    const ctx = testContext(t.store, undefined, a.clock);
    await t.store.db.transaction().execute(async (trx) => {
      await upsertAsset(
        trx,
        {
          namespace: 'postgres://10.0.0.5:5432',
          name: 'shop.public.orders',
          type: 'table',
          origin: 'openlineage',
        },
        a.clock.now(),
      );
    });
    const source = await createSource({
      ctx,
      input: { name: 'lake', kind: 'duckdb', config: { path: ':memory:' } },
    });
    const now = a.clock.now();
    await t.store.db
      .insertInto('usage_sources')
      .values({ source_id: source.id, available: true, reason: null, stats_since: null, collected_at: now })
      .execute();
    // One source read on four days (the third after a reset); a second only today and yesterday.
    const readings: Array<[string, number, number, number]> = [
      [source.id, 3, 100, 10],
      [source.id, 2, 150, 12],
      [source.id, 1, 40, 1],
      [source.id, 0, 70, 3],
      ['src_other', 1, 1000, 0],
      ['src_other', 0, 1005, 0],
    ];
    await t.store.db
      .insertInto('asset_usage_daily')
      .values(
        readings.map(([source_id, ago, reads, writes]) => ({
          source_id,
          asset: ORDERS,
          day: day(ago),
          reads,
          writes,
          collected_at: new Date(now.getTime() - ago * DAY),
        })),
      )
      .execute();
    await t.store.db
      .insertInto('monitors')
      .values({
        id: 'mon_orders',
        name: 'orders volume',
        kind: 'volume',
        source_id: source.id,
        asset: 'public.orders',
        config: json({}),
        schedule: json({ every: '1h' }),
        severity: 'ticket',
        labels: json({}),
        description: '',
        enabled: true,
        origin: 'api',
        next_run_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const ago of [0, 0, 2])
      await t.store.db
        .insertInto('check_results')
        .values({
          monitor_id: 'mon_orders',
          source_id: source.id,
          at: new Date(now.getTime() - ago * DAY - 60_000),
          status: 'pass',
          message: 'ok',
          duration_ms: 5,
          queries: 1,
          query_ms: 2,
        })
        .execute();
  }, 180_000);
  afterAll(async () => {
    await a?.app.close();
    await t?.dispose();
  });

  it.skipIf(!storeAvailable(kind))(
    'answers reads, writes and checks for each day of the window',
    async () => {
      const res = await a.app.inject({
        url: `/api/v1/assets/${encodeURIComponent(ORDERS)}/usage?days=4`,
        headers: a.as.viewer,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().byDay).toEqual([
        // No reading before it in the window's reach: the first day's count is unknown.
        { day: '2026-05-07', reads: null, writes: null, checks: 0 },
        { day: '2026-05-08', reads: 50, writes: 2, checks: 1 },
        // The counters were reset: 40 reads since.
        { day: '2026-05-09', reads: 40, writes: 1, checks: 0 },
        { day: '2026-05-10', reads: 30 + 5, writes: 2, checks: 2 },
      ]);
    },
  );
});
