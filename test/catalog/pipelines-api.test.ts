import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AirflowServer,
  type Run,
  startAirflowServer,
} from '../../src/ingest/airflow/airflow-server.test-support.js';
import { fixture } from '../../src/ingest/openlineage/fixtures.test-support.js';
import { outboundPolicy } from '../../src/net/outbound-guard.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { createSource } from '../../src/services/sources.js';
import type { SourceDefinition } from '../../src/sources/definition.js';
import { SOURCE_KINDS, sourceDefinition } from '../../src/sources/registry.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  type TestStore,
  testContext,
} from '../support/stores.js';

/** The fake Airflow listens on loopback, which an admin allowance opens exactly as in production. */
const policy = outboundPolicy({ allowCidrs: ['127.0.0.0/8'] });
const catalog = createSourceCatalog(
  SOURCE_KINDS.map((k) => sourceDefinition(k) as SourceDefinition),
  { outbound: policy },
);
const iso = (ms: number) => new Date(ms).toISOString();
const D = (day: number, h = 0, m = 0) => Date.UTC(2026, 0, day, h, m);

/** A top-level OpenLineage run event of spark-prod/nightly (no parent facet). */
function event(type: 'START' | 'COMPLETE' | 'FAIL', runId: string, at: number) {
  const e = fixture('run-complete') as {
    eventType: string;
    eventTime: string;
    run: { runId: string; facets?: Record<string, unknown> };
    job: { namespace: string; name: string };
  };
  e.eventType = type;
  e.eventTime = iso(at);
  e.run = { runId };
  e.job = { ...e.job, namespace: 'spark-prod', name: 'nightly' };
  return e;
}

function dagRun(day: number, state: string): Run {
  const start = D(day + 1, 0, 5);
  const end = iso(start + 30 * 60_000);
  return {
    dagId: 'daily_orders',
    runId: `scheduled__${iso(D(day))}`,
    state,
    logical: iso(D(day)),
    start: iso(start),
    end,
    tasks: [{ taskId: 'load', state, start: iso(start), end, operator: 'PythonOperator' }],
  };
}

describe.each(STORE_KINDS)('Pipelines API (%s)', (kind) => {
  let t: TestStore;
  let a: TestApp;
  let airflow: AirflowServer;
  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    a = await buildTestApp(t.store, { notify: { policy } });
    a.clock.set(new Date(D(10)));
    const [runA, runB] = [randomUUID(), randomUUID()];
    const post = (payload: unknown) =>
      a.app.inject({
        method: 'POST',
        url: '/api/v1/lineage',
        headers: a.as.responder,
        payload: payload as object,
      });
    // Monday 03:00 UTC, 10 minutes, completed; Tuesday 03:00 UTC, failed after 2 minutes.
    expect(
      (await post([event('START', runA, D(5, 3)), event('COMPLETE', runA, D(5, 3, 10))])).statusCode,
    ).toBe(200);
    expect((await post([event('START', runB, D(6, 3)), event('FAIL', runB, D(6, 3, 2))])).statusCode).toBe(
      200,
    );
    // Airflow runs start at 00:05 the day after their logical date: Tuesday, Wednesday, Thursday.
    airflow = await startAirflowServer(3, [dagRun(5, 'success'), dagRun(6, 'failed'), dagRun(7, 'success')]);
    const source = await createSource({
      ctx: testContext(t.store, undefined, a.clock),
      input: {
        name: 'airflow',
        kind: 'airflow',
        config: { url: airflow.url, version: 3, username: 'vigil', namespace: 'airflow-prod' },
        secrets: { password: 's3cret' },
        validate: catalog.validate,
      },
    });
    const poll = await a.app.inject({
      method: 'POST',
      url: `/api/v1/sources/${source.id}/airflow/poll`,
      headers: a.as.admin,
    });
    expect(poll.json()).toMatchObject({ status: 'ok', dagRuns: 3, taskRuns: 3 });
    // Migrations and start-up are slow on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await airflow?.close();
    await a?.app.close();
    await t?.dispose();
  });

  const get = (url: string) => a.app.inject({ url, headers: a.as.viewer });

  it.skipIf(!storeAvailable(kind))(
    'places top-level runs of both producers by weekday and hour',
    async () => {
      const res = await get('/api/v1/pipelines/heatmap?days=28');
      expect(res.statusCode).toBe(200);
      const map = res.json() as { runs: number[][]; failures: number[][]; total: object; timeZone: string };
      expect(map.total).toEqual({ runs: 5, failures: 2 });
      const cells = (g: number[][]) =>
        g.flatMap((row, day) => row.flatMap((n, hour) => (n > 0 ? [`${day}@${hour}:${n}`] : [])));
      // Monday = 0. Task runs (parents set) are not counted again.
      expect(cells(map.runs)).toEqual(['0@3:1', '1@0:1', '1@3:1', '2@0:1', '3@0:1']);
      expect(cells(map.failures)).toEqual(['1@3:1', '2@0:1']);
      const paris = (await get('/api/v1/pipelines/heatmap?tz=Europe/Paris&origin=openlineage')).json();
      expect(cells(paris.runs)).toEqual(['0@4:1', '1@4:1']);
      const bad = await get('/api/v1/pipelines/heatmap?tz=Mars/Olympus');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    },
  );

  it.skipIf(!storeAvailable(kind))('summarizes jobs and lists one job’s runs newest first', async () => {
    const jobs = (await get('/api/v1/pipelines/jobs')).json().items as Array<Record<string, unknown>>;
    expect(jobs.map((j) => [j.job, j.origin, j.runs, j.failures, j.failureRate])).toEqual([
      ['airflow-prod/daily_orders', 'airflow', 3, 1, 1 / 3],
      ['spark-prod/nightly', 'openlineage', 2, 1, 0.5],
    ]);
    expect(jobs[1]!.durationSeconds).toEqual({ p50: 600, p95: 600, max: 600 });
    expect(jobs[0]!.durationSeconds).toEqual({ p50: 1800, p95: 1800, max: 1800 });
    const runs = (await get(`/api/v1/pipelines/jobs/${encodeURIComponent('spark-prod/nightly')}/runs`)).json()
      .items;
    expect(runs.map((r: { state: string; durationSeconds: number }) => [r.state, r.durationSeconds])).toEqual(
      [
        ['failed', 120],
        ['completed', 600],
      ],
    );
  });
});
