import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import { duckdbSource } from '../../src/sources/duckdb/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { duckdbExec } from '../support/duckdb-file.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  type TestStore,
  testContext,
  testSecrets,
} from '../support/stores.js';

/** "Run now" before saving: POST /api/v1/monitors/preview judges a spec once and stores nothing. */
describe.each(STORE_KINDS)('monitor preview on %s', (kind) => {
  let t: TestStore;
  let h: TestApp;
  const sources = new SourceProvider(createSourceCatalog([duckdbSource]).factory, testSecrets);
  const preview = (payload: Record<string, unknown>, role: 'viewer' | 'responder' = 'responder') =>
    h.app.inject({ method: 'POST', url: '/api/v1/monitors/preview', headers: h.as[role], payload });
  const counts = async () => ({
    checks: Number(
      (
        await t.store.db
          .selectFrom('check_results')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    monitors: (await t.store.db.selectFrom('monitors').select('id').execute()).length,
    alerts: (await t.store.db.selectFrom('alerts').select('id').execute()).length,
  });

  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-preview-')), 'shop.duckdb');
    await duckdbExec(file, [
      'create table orders (id bigint, amount double)',
      'insert into orders select range, range * 1.5 from range(5)',
    ]);
    await createSource({
      ctx: testContext(t.store),
      input: { name: 'shop', kind: 'duckdb', config: { path: file } },
    });
    h = await buildTestApp(t.store, { runner: { sources, timeoutMs: 30_000, workerId: 'test' } });
  });
  afterAll(async () => {
    await h?.app.close();
    await sources.closeAll();
    await t?.dispose();
  });

  it.skipIf(!storeAvailable(kind))(
    'answers the value, the band and pass/fail, and stores nothing',
    async () => {
      const before = await counts();
      const pass = await preview({
        kind: 'custom_sql',
        source: 'shop',
        asset: 'main.orders',
        config: { sql: 'SELECT sum(amount) FROM main.orders', bounds: { min: 10, max: 20 } },
      });
      expect(pass.statusCode, pass.body).toBe(200);
      expect(pass.json()).toMatchObject({
        status: 'pass',
        observed: 15,
        expected: { lower: 10, upper: 20 },
        usedHistory: false,
      });

      const fail = await preview({
        kind: 'threshold',
        source: 'shop',
        asset: 'main.orders',
        config: { metric: 'row_count', bounds: { min: 100 } },
      });
      expect(fail.statusCode, fail.body).toBe(200);
      expect(fail.json()).toMatchObject({ status: 'fail', observed: 5, expected: { lower: 100 } });
      // A failing preview raises no alert, and neither run left a check, a metric or a monitor.
      expect(await counts()).toEqual(before);
    },
  );

  it.skipIf(!storeAvailable(kind))(
    'judges an edit against the saved monitor, which it leaves alone',
    async () => {
      const created = await h.app.inject({
        method: 'POST',
        url: '/api/v1/monitors',
        headers: h.as.admin,
        payload: {
          name: 'orders rows',
          kind: 'threshold',
          source: 'shop',
          asset: 'main.orders',
          config: { metric: 'row_count', bounds: { min: 1 } },
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const monitor = created.json() as { id: string; updatedAt: string };
      const edited = await preview({
        monitor: monitor.id,
        kind: 'threshold',
        source: 'shop',
        asset: 'main.orders',
        config: { metric: 'row_count', bounds: { max: 3 } },
      });
      expect(edited.json()).toMatchObject({ status: 'fail', observed: 5, usedHistory: true });
      // Another table: the saved monitor's history says nothing about it.
      const moved = await preview({
        monitor: 'orders rows',
        kind: 'threshold',
        source: 'shop',
        asset: 'main.other',
        config: { metric: 'row_count', bounds: { max: 3 } },
      });
      expect(moved.json()).toMatchObject({ usedHistory: false });
      const after = (
        await h.app.inject({ url: `/api/v1/monitors/${monitor.id}`, headers: h.as.viewer })
      ).json() as { config: unknown; lastRunAt: string | null; updatedAt: string };
      expect(after).toMatchObject({
        config: { metric: 'row_count', bounds: { min: 1 } },
        lastRunAt: null,
        updatedAt: monitor.updatedAt,
      });

      const otherKind = await preview({
        monitor: monitor.id,
        kind: 'volume',
        source: 'shop',
        asset: 'main.orders',
      });
      expect(otherKind.statusCode).toBe(400);
      expect(otherKind.json().error.code).toBe('VALIDATION_FAILED');
    },
  );

  it.skipIf(!storeAvailable(kind))('refuses a viewer, a bad config and an unknown source', async () => {
    const spec = { kind: 'custom_sql', source: 'shop', asset: 'main.orders', config: { sql: 'SELECT 1' } };
    const viewer = await preview(spec, 'viewer');
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().error.code).toBe('FORBIDDEN');

    const bad = await preview({ ...spec, config: {} });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(bad.json().error.details)).toContain('config.sql');

    const nowhere = await preview({ ...spec, source: 'nope' });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().error.details).toEqual([{ path: 'source', message: 'no such source' }]);
  });
});
