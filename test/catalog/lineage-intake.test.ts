import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixture, setIn } from '../../src/ingest/openlineage/fixtures.test-support.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, STORE_KINDS, storeAvailable, type TestStore } from '../support/stores.js';

const ORDERS = 'postgres://orders-db:5432/shop.public.orders';
const STG = 'postgres://warehouse:5432/analytics.staging.stg_orders';
const LOAD_JOB = 'airflow-prod/daily_orders.load_orders';
const SPARK_JOB = 'spark-prod/orders_enrichment.execute_insert_into_hive_table';
const enc = encodeURIComponent;

describe.each(STORE_KINDS)('OpenLineage intake (%s)', (kind) => {
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
    for (const table of ['lineage_edges', 'pipeline_runs', 'assets', 'alert_events', 'alerts'] as const) {
      await t.store.db.deleteFrom(table).execute();
    }
  });

  const post = (payload: unknown, headers = a.as.responder) =>
    a.app.inject({ method: 'POST', url: '/api/v1/lineage', headers, payload: payload as object });
  const firing = async () =>
    (await a.app.inject({ url: '/api/v1/alerts?status=firing', headers: a.as.viewer })).json()
      .items as Array<{
      fingerprint: string;
      labels: Record<string, string>;
      summary: string;
    }>;

  it('builds assets and an edge from a START/COMPLETE pair, and completes the run', async () => {
    const start = await post(fixture('run-start'));
    expect(start.statusCode).toBe(200);
    expect(start.json().runs).toEqual([
      expect.objectContaining({ job: LOAD_JOB, state: 'started', changed: true }),
    ]);
    const complete = await post(fixture('run-complete'));
    expect(complete.statusCode).toBe(200);
    expect(complete.json().runs[0]).toMatchObject({ state: 'completed', changed: true });

    const stg = (await a.app.inject({ url: `/api/v1/assets/${enc(STG)}`, headers: a.as.viewer })).json();
    expect(stg).toMatchObject({ name: STG, type: 'table', origin: 'openlineage' });
    expect(stg.columns.map((c: { name: string }) => c.name)).toEqual(['id', 'amount_usd', 'country']);
    const job = (await a.app.inject({ url: `/api/v1/assets/${enc(LOAD_JOB)}`, headers: a.as.viewer })).json();
    expect(job.type).toBe('job');

    const down = (
      await a.app.inject({
        url: `/api/v1/lineage/${enc(ORDERS)}?direction=downstream&depth=1`,
        headers: a.as.viewer,
      })
    ).json();
    expect(down.nodes).toEqual([expect.objectContaining({ name: STG, depth: 1, via: [LOAD_JOB] })]);
    const edges = await t.store.db
      .selectFrom('lineage_edges')
      .selectAll()
      .where('to_asset', '=', STG)
      .execute();
    // START and COMPLETE name the same edge: one row, seen twice.
    expect(edges.filter((e) => e.from_asset === ORDERS)).toHaveLength(1);
    const run = await t.store.db.selectFrom('pipeline_runs').selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({ job_asset: LOAD_JOB, state: 'completed' });
    expect(run.started_at?.toISOString()).toBe('2026-01-05T03:00:02.114Z');
  });

  it('a failed assertion in the event fires an assertion alert on its dataset', async () => {
    await post(fixture('run-complete'));
    const alerts = await firing();
    expect(alerts).toEqual([
      expect.objectContaining({
        fingerprint: `assertion:${ORDERS}:unique:id`,
        labels: expect.objectContaining({ asset: ORDERS, kind: 'assertion_failure', column: 'id' }),
      }),
    ]);
  });

  it('a FAIL fires the job alert once, and a later COMPLETE of the job resolves it', async () => {
    const fail = await post(fixture('run-fail'));
    expect(fail.statusCode).toBe(200);
    expect(fail.json().alerts).toEqual([{ fingerprint: `pipeline:${SPARK_JOB}`, change: 'fired' }]);
    const [alert] = await firing();
    expect(alert).toMatchObject({
      labels: expect.objectContaining({ asset: SPARK_JOB, job: SPARK_JOB, kind: 'pipeline_failure' }),
    });
    expect(alert?.summary).toMatch(/./);

    // The next day's run of the same job completes.
    const next = fixture('run-complete');
    setIn(next, ['job'], {
      namespace: 'spark-prod',
      name: 'orders_enrichment.execute_insert_into_hive_table',
    });
    setIn(next, ['run'], { runId: '01942469-1a80-7c3e-9f0d-3f1c2b7e9a99' });
    setIn(next, ['inputs'], []);
    setIn(next, ['outputs'], []);
    setIn(next, ['eventTime'], '2026-01-07T03:00:00Z');
    const ok = await post(next);
    expect(ok.json().alerts).toEqual([{ fingerprint: `pipeline:${SPARK_JOB}`, change: 'resolved' }]);
    expect(await firing()).toEqual([]);
  });

  it('an older completion arriving late does not resolve a newer failure', async () => {
    await post(fixture('run-fail'));
    const older = fixture('run-complete');
    setIn(older, ['job'], {
      namespace: 'spark-prod',
      name: 'orders_enrichment.execute_insert_into_hive_table',
    });
    setIn(older, ['run'], { runId: '01942469-1a80-7c3e-9f0d-3f1c2b7e9a11' });
    setIn(older, ['eventTime'], '2026-01-04T03:00:00Z');
    const late = await post(older);
    expect(
      late.json().alerts.filter((x: { fingerprint: string }) => x.fingerprint.startsWith('pipeline:')),
    ).toEqual([]);
    expect((await firing()).some((x) => x.fingerprint === `pipeline:${SPARK_JOB}`)).toBe(true);
  });

  it('an invalid event is refused with each path under body, and nothing is stored', async () => {
    const bad = fixture('run-start');
    setIn(bad, ['run', 'runId'], 'not-a-uuid');
    setIn(bad, ['eventTime'], 'yesterday');
    const res = await post(bad);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    const paths = body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.run.runId', 'body.eventTime']));
    expect(await t.store.db.selectFrom('assets').select('id').execute()).toEqual([]);
    expect(await t.store.db.selectFrom('pipeline_runs').select('run_id').execute()).toEqual([]);
  });

  it('a batch with one bad event stores the rest and reports the bad one by index', async () => {
    const bad = fixture('run-fail');
    setIn(bad, ['producer'], 42);
    const res = await post([fixture('run-start'), bad, fixture('job-event'), fixture('dataset-event')]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(3);
    expect(body.rejected).toEqual([
      { index: 1, errors: [expect.objectContaining({ path: 'body[1].producer' })] },
    ]);
    const names = (await t.store.db.selectFrom('assets').select('name').execute()).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([STG, 'snowflake://acme-xy12345/ANALYTICS.MARTS.FCT_REVENUE']),
    );
    expect(names).not.toContain(SPARK_JOB);
    expect(await firing()).toEqual([]);
  });

  it('only responders may send events', async () => {
    expect((await post(fixture('run-start'), a.as.viewer)).statusCode).toBe(403);
  });
});
