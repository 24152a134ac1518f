import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixture } from '../../src/ingest/openlineage/fixtures.test-support.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, STORE_KINDS, storeAvailable, type TestStore } from '../support/stores.js';

const STG = 'postgres://warehouse:5432/analytics.staging.stg_orders';
const ORDERS = 'postgres://orders-db:5432/shop.public.orders';
const enc = encodeURIComponent;

interface Output {
  facets: { schema: { fields: Array<{ name: string; type: string }> } };
  outputFacets: { outputStatistics: { rowCount: number; size?: number } };
}

/** The COMPLETE fixture as a new run at another time, with its output's row count and columns. */
function completion(at: string, rowCount: number, fields?: Array<{ name: string; type: string }>) {
  const e = fixture('run-complete') as { eventTime: string; run: { runId: string }; outputs: Output[] };
  e.eventTime = at;
  e.run.runId = randomUUID();
  const out = e.outputs[0]!;
  out.outputFacets.outputStatistics = { ...out.outputFacets.outputStatistics, rowCount };
  if (fields) out.facets.schema.fields = fields;
  return e;
}

describe.each(STORE_KINDS)('OpenLineage volume and schema history (%s)', (kind) => {
  let t: TestStore;
  let a: TestApp;
  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    a = await buildTestApp(t.store);
  });
  afterAll(async () => {
    await a?.app.close();
    await t?.dispose();
  });
  beforeEach(async (c) => {
    if (!storeAvailable(kind)) return c.skip();
    for (const table of [
      'lineage_edges',
      'pipeline_runs',
      'assets',
      'asset_metric_points',
      'asset_schema_snapshots',
    ] as const) {
      await t.store.db.deleteFrom(table).execute();
    }
  });

  const post = async (payload: unknown) => {
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: a.as.responder,
      payload: payload as object,
    });
    expect(res.statusCode).toBe(200);
  };
  const get = async (path: string) => {
    const res = await a.app.inject({ url: path, headers: a.as.viewer });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('outputStatistics.rowCount of each completed run becomes a point of the output’s volume history', async () => {
    await post(fixture('run-complete'));
    await post(completion('2026-01-06T03:05:10.000Z', 50_120));
    const rows = await get(`/api/v1/assets/${enc(STG)}/metrics?metric=row_count`);
    expect(rows.items).toEqual([
      { metric: 'row_count', at: '2026-01-05T03:04:51.870Z', value: 48_213 },
      { metric: 'row_count', at: '2026-01-06T03:05:10.000Z', value: 50_120 },
    ]);
    const all = await get(`/api/v1/assets/${enc(STG)}/metrics`);
    expect(all.items).toContainEqual({ metric: 'bytes', at: '2026-01-05T03:04:51.870Z', value: 5_234_112 });
    // Inputs carry no output statistics: no volume history for them.
    expect((await get(`/api/v1/assets/${enc(ORDERS)}/metrics`)).items).toEqual([]);
    // The same event delivered twice is one point, not two.
    await post(fixture('run-complete'));
    expect((await get(`/api/v1/assets/${enc(STG)}/metrics?metric=row_count`)).items).toHaveLength(2);
  });

  it('the schema facet gives a first snapshot, then a snapshot with its diff only when the columns change', async () => {
    await post(fixture('run-complete'));
    await post(completion('2026-01-06T03:05:10.000Z', 50_000));
    let history = (await get(`/api/v1/assets/${enc(STG)}/schema-history`)).items;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ at: '2026-01-05T03:04:51.870Z', diff: null });
    expect(
      history[0].columns.map((c: { name: string; dataType: string }) => `${c.name} ${c.dataType}`),
    ).toEqual(['id bigint', 'amount_usd numeric', 'country text']);

    await post(
      completion('2026-01-07T03:05:10.000Z', 51_000, [
        { name: 'id', type: 'bigint' },
        { name: 'amount_usd', type: 'double precision' },
        { name: 'country', type: 'text' },
        { name: 'channel', type: 'text' },
      ]),
    );
    history = (await get(`/api/v1/assets/${enc(STG)}/schema-history`)).items;
    expect(history).toHaveLength(2);
    expect(history[0].at).toBe('2026-01-07T03:05:10.000Z');
    expect(history[0].diff).toMatchObject({
      added: [{ name: 'channel', dataType: 'text' }],
      removed: [],
      retyped: [{ name: 'amount_usd', from: 'numeric', to: 'double precision' }],
    });
    // The catalog's columns follow the producer too.
    const asset = await get(`/api/v1/assets/${enc(STG)}`);
    expect(asset.columns.map((c: { name: string }) => c.name)).toEqual([
      'id',
      'amount_usd',
      'country',
      'channel',
    ]);
  });

  it('lineage removed from the store behind the intake’s back is written again by the next event', async () => {
    await post(fixture('run-complete'));
    await post(completion('2026-01-06T03:05:10.000Z', 1));
    await t.store.db.deleteFrom('lineage_edges').execute();
    await post(completion('2026-01-07T03:05:10.000Z', 2));
    const up = await get(`/api/v1/lineage/${enc(STG)}?direction=upstream&depth=1`);
    expect(up.nodes.map((n: { name: string }) => n.name)).toContain(ORDERS);
  });

  it('an unknown asset has no history (404)', async () => {
    const res = await a.app.inject({ url: `/api/v1/assets/${enc('nope/x')}/metrics`, headers: a.as.viewer });
    expect(res.statusCode).toBe(404);
  });
});
