import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAsset } from '../../src/services/catalog/asset-store.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import { collectAllUsage } from '../../src/services/usage/collect-all-usage.js';
import type { SourceDefinition } from '../../src/sources/definition.js';
import { SOURCE_KINDS, sourceDefinition } from '../../src/sources/registry.js';
import { json } from '../../src/store/executor.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testServer } from '../support/servers.js';
import { openTestStore, type TestStore, testContext, testSecrets } from '../support/stores.js';

const catalog = createSourceCatalog(SOURCE_KINDS.map((k) => sourceDefinition(k) as SourceDefinition));
const warehouse = testServer('VIGIL_TEST_PG_WAREHOUSE_URL');
const ORDERS = 'postgres://127.0.0.1:5432/vigil_warehouse.public.orders';
const enc = encodeURIComponent;

describe('asset usage', () => {
  let t: TestStore;
  let a: TestApp;
  let sourceId = '';
  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
    const ctx = testContext(t.store, undefined, a.clock);
    await t.store.db.transaction().execute(async (trx) => {
      for (const name of ['vigil_warehouse.public.orders', 'vigil_warehouse.public.customers'])
        await upsertAsset(
          trx,
          { namespace: 'postgres://127.0.0.1:5432', name, type: 'table', origin: 'openlineage' },
          a.clock.now(),
        );
    });
    const url = new URL(warehouse ?? 'postgres://vigil@127.0.0.1:5432/vigil_warehouse');
    const source = await createSource({
      ctx,
      input: {
        name: 'warehouse',
        kind: 'postgres',
        config: {
          host: '127.0.0.1',
          port: 5432,
          database: 'vigil_warehouse',
          user: decodeURIComponent(url.username),
        },
        secrets: { password: decodeURIComponent(url.password) || 'x' },
        validate: catalog.validate,
      },
    });
    sourceId = source.id;
    // Vigil's own reads: 3 checks of a monitor on public.orders in the window, 1 long before it.
    const now = a.clock.now();
    await t.store.db
      .insertInto('monitors')
      .values({
        id: 'mon_orders',
        name: 'orders volume',
        kind: 'volume',
        source_id: sourceId,
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
    const day = 86_400_000;
    for (const ago of [1, 2, 3, 90]) {
      await t.store.db
        .insertInto('check_results')
        .values({
          monitor_id: 'mon_orders',
          source_id: sourceId,
          at: new Date(now.getTime() - ago * day),
          status: 'pass',
          message: 'ok',
          duration_ms: 5,
          queries: 1,
          query_ms: 2,
        })
        .execute();
    }
    // Migrations and start-up are slow on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await a?.app.close();
    await t?.dispose();
  });

  const usage = async (name: string) =>
    (await a.app.inject({ url: `/api/v1/assets/${enc(name)}/usage`, headers: a.as.viewer })).json();

  it("counts Vigil's own checks on the asset and says warehouse usage was not read yet", async () => {
    const u = await usage(ORDERS);
    expect(u.vigil).toEqual({ days: 30, checks: 3, monitors: 1 });
    expect(u.warehouse).toMatchObject({ available: false, reads: null });
    expect(u.warehouse.reason).toContain('has not been read yet');
  });

  it.skipIf(!warehouse)('names pg_stat_statements when the warehouse does not expose it', async () => {
    const provider = new SourceProvider(catalog.factory, testSecrets);
    const [out] = await collectAllUsage({
      ctx: testContext(t.store, undefined, a.clock),
      input: { sources: provider },
    });
    await provider.closeAll();
    expect(out).toMatchObject({ source: 'warehouse', available: false, tables: 0 });
    const u = await usage(ORDERS);
    expect(u.warehouse.available).toBe(false);
    expect(u.warehouse.reason).toContain('pg_stat_statements is not available');
  });

  it('lists the most used assets by warehouse reads, then by checks', async () => {
    const now = a.clock.now();
    await t.store.db
      .insertInto('usage_sources')
      .values({ source_id: sourceId, available: true, reason: null, stats_since: null, collected_at: now })
      .onConflict((oc) => oc.column('source_id').doUpdateSet({ available: true, reason: null }))
      .execute();
    await t.store.db
      .insertInto('asset_usage')
      .values([
        { source_id: sourceId, asset: ORDERS, reads: 120, writes: 4, statements: 9, collected_at: now },
        {
          source_id: sourceId,
          asset: 'postgres://127.0.0.1:5432/vigil_warehouse.public.customers',
          reads: 300,
          writes: 0,
          statements: 9,
          collected_at: now,
        },
      ])
      .execute();
    expect((await usage(ORDERS)).warehouse).toMatchObject({ available: true, reads: 120, writes: 4 });
    const top = (await a.app.inject({ url: '/api/v1/usage/top?limit=5', headers: a.as.viewer })).json();
    expect(top.items).toEqual([
      {
        asset: 'postgres://127.0.0.1:5432/vigil_warehouse.public.customers',
        warehouseReads: 300,
        warehouseWrites: 0,
        vigilChecks: 0,
      },
      { asset: ORDERS, warehouseReads: 120, warehouseWrites: 4, vigilChecks: 3 },
    ]);
  });
});
