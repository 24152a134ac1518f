import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AirflowServer,
  type Run,
  startAirflowServer,
} from '../../src/ingest/airflow/airflow-server.test-support.js';
import { outboundPolicy } from '../../src/net/outbound-guard.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { createSource } from '../../src/services/sources.js';
import { pollAirflow } from '../../src/services/pipelines/poll-airflow.js';
import { claimAirflowPolls } from '../../src/services/pipelines/claim-airflow-polls.js';
import type { SourceDefinition } from '../../src/sources/definition.js';
import { SOURCE_KINDS, sourceDefinition } from '../../src/sources/registry.js';
import { openTestStore, type TestStore, testContext } from '../support/stores.js';

/** The fake Airflow listens on loopback, which an admin allowance opens exactly as in production. */
const outbound = outboundPolicy({ allowCidrs: ['127.0.0.0/8'] });
const catalog = createSourceCatalog(
  SOURCE_KINDS.map((k) => sourceDefinition(k) as SourceDefinition),
  { outbound },
);
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const D = (day: number, h = 0, m = 0) => Date.UTC(2026, 0, day, h, m);

/** A daily run of `dag` for `day`: it starts at 00:05 the next day and takes `minutes`. */
function daily(dag: string, day: number, state: string, minutes: number | null): Run {
  const start = D(day + 1, 0, 5);
  const end = minutes === null ? null : iso(start + minutes * 60_000);
  const tasks: Run['tasks'] = [
    {
      taskId: 'extract',
      state: 'success',
      start: iso(start),
      end: iso(start + 60_000),
      operator: 'SQLExecuteQueryOperator',
    },
    {
      taskId: 'load',
      state: state === 'running' ? 'running' : state,
      start: iso(start + 60_000),
      end,
      operator: 'PythonOperator',
    },
  ];
  return {
    dagId: dag,
    runId: `scheduled__${iso(D(day))}`,
    state,
    logical: iso(D(day)),
    start: iso(start),
    end,
    tasks,
  };
}

/** What each DAG file declares, as GET /dags reports it. */
const dagFiles = () => ({
  daily_orders: {
    description: 'Loads yesterday’s orders into the warehouse',
    owners: ['data-platform', 'airflow'],
    tags: ['orders', 'tier-1'],
    cron: '5 0 * * *',
    cronText: 'At 00:05',
  },
  hourly_events: { owners: ['airflow'], cron: '@hourly' },
  // Listed by Airflow, never run yet: still a job in the catalog.
  monthly_close: {
    description: 'Month-end close',
    owners: ['finance-data'],
    tags: ['finance'],
    paused: true,
  },
});

const NORMAL = [31, 29, 30, 33, 28, 30, 32, 29, 31, 30, 28, 32];

describe.each([2, 3] as const)('Airflow %i polling', (version) => {
  let t: TestStore;
  let airflow: AirflowServer;
  const ctx = () => ({ ...testContext(t.store, undefined, clock), outbound });
  let clock: ReturnType<typeof testContext>['clock'];
  let sourceId = '';
  const DAGS = dagFiles();

  beforeAll(async () => {
    t = await openTestStore('pglite');
    clock = testContext(t.store).clock;
    const runs = NORMAL.map((m, i) => daily('daily_orders', i + 1, 'success', m));
    runs.push(daily('daily_orders', 13, 'failed', 12));
    // Still running two days after its logical date: past a 26-hour deadline.
    runs.push(daily('hourly_events', 18, 'running', null));
    airflow = await startAirflowServer(version, runs, 'vigil', 's3cret', DAGS);
    const source = await createSource({
      ctx: ctx(),
      input: {
        name: `airflow-${version}`,
        kind: 'airflow',
        config: {
          url: airflow.url,
          version,
          username: 'vigil',
          namespace: 'airflow-prod',
          deadlineMinutes: 26 * 60,
        },
        secrets: { password: 's3cret' },
        validate: catalog.validate,
      },
    });
    sourceId = source.id;
    // Migrations and start-up are slow on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await airflow?.close();
    await t?.dispose();
  });

  const firing = async () =>
    (
      await t.store.db
        .selectFrom('alerts')
        .select(['fingerprint', 'summary', 'labels'])
        .where('status', '=', 'firing')
        .orderBy('fingerprint')
        .execute()
    ).map((a) => ({ fingerprint: a.fingerprint, summary: a.summary }));

  it('stores the password sealed, never in the shown config', async () => {
    const row = await t.store.db
      .selectFrom('sources')
      .selectAll()
      .where('id', '=', sourceId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row.config)).not.toContain('s3cret');
    expect(row.secrets).not.toContain('s3cret');
    const live = catalog.factory('airflow', { ...row.config, password: 's3cret' });
    expect((await live.testConnection()).ok).toBe(true);
  });

  it('reads runs and tasks into job assets and runs, and raises failure and deadline alerts', async () => {
    clock.set(new Date(D(20, 6)));
    expect(await claimAirflowPolls({ ctx: ctx() })).toEqual([sourceId]);
    // Claimed: a second worker asking at the same moment gets nothing.
    expect(await claimAirflowPolls({ ctx: ctx() })).toEqual([]);
    const out = await pollAirflow({ ctx: ctx(), input: { source: sourceId } });
    expect(out).toMatchObject({ status: 'ok', dagRuns: 13, taskRuns: 27, activeRuns: 1 });
    const jobs = await t.store.db
      .selectFrom('assets')
      .select(['name', 'type', 'tags'])
      .where('origin', '=', 'airflow')
      .orderBy('name')
      .execute();
    expect(jobs.map((j) => j.name)).toEqual([
      'airflow-prod/daily_orders',
      'airflow-prod/daily_orders.extract',
      'airflow-prod/daily_orders.load',
      'airflow-prod/hourly_events',
      'airflow-prod/hourly_events.extract',
      // Listed by GET /dags without a run yet.
      'airflow-prod/monthly_close',
    ]);
    expect(jobs.every((j) => j.type === 'job' && j.tags.includes('airflow'))).toBe(true);
    expect(await firing()).toEqual([
      {
        fingerprint: 'deadline:airflow-prod/hourly_events',
        summary: expect.stringContaining('has not finished; its deadline 2026-01-19T02:00:00.000Z passed'),
      },
      {
        fingerprint: 'pipeline:airflow-prod/daily_orders',
        summary: 'DAG run scheduled__2026-01-13T00:00:00.000+00:00 failed: task load failed',
      },
    ]);
    const runs = await t.store.db
      .selectFrom('pipeline_runs')
      .select(['job_asset', 'state', 'origin', 'parent_run_id'])
      .where('job_asset', '=', 'airflow-prod/daily_orders.load')
      .execute();
    expect(runs).toHaveLength(13);
    expect(runs.every((r) => r.origin === 'airflow' && r.parent_run_id !== null)).toBe(true);
  });

  it('records each DAG as a job asset with its owners, tags, schedule and description', async () => {
    const dags = await t.store.db
      .selectFrom('assets')
      .select(['name', 'type', 'owner', 'tags', 'description'])
      .where('name', 'in', [
        'airflow-prod/daily_orders',
        'airflow-prod/hourly_events',
        'airflow-prod/monthly_close',
      ])
      .orderBy('name')
      .execute();
    expect(dags).toEqual([
      {
        name: 'airflow-prod/daily_orders',
        type: 'job',
        owner: 'data-platform',
        tags: ['airflow', 'airflow-dag', 'orders', 'tier-1', 'schedule:5 0 * * *'],
        description: 'Loads yesterday’s orders into the warehouse',
      },
      // Airflow's default owner is nobody to route to.
      {
        name: 'airflow-prod/hourly_events',
        type: 'job',
        owner: null,
        tags: ['airflow', 'airflow-dag', 'schedule:@hourly'],
        description: '',
      },
      {
        name: 'airflow-prod/monthly_close',
        type: 'job',
        owner: 'finance-data',
        tags: ['airflow', 'airflow-dag', 'finance', 'schedule:none'],
        description: 'Month-end close',
      },
    ]);
  });

  it('reads only what ended since, learns run durations and alerts on a slow run', async () => {
    airflow.requests.length = 0;
    airflow.runs.push(daily('daily_orders', 14, 'success', 30));
    airflow.runs.push(daily('daily_orders', 15, 'success', 240));
    const late = airflow.runs.find((r) => r.dagId === 'hourly_events')!;
    Object.assign(late, { state: 'success', end: iso(D(20, 1)) });
    late.tasks = late.tasks.map((x) => ({ ...x, state: 'success', end: iso(D(20, 1)) }));
    airflow.runs.push(daily('hourly_events', 19, 'success', 60));
    // The DAG file moved its schedule an hour later.
    DAGS.daily_orders.cron = '5 1 * * *';
    clock.set(new Date(D(21, 6)));
    const out = await pollAirflow({ ctx: ctx(), input: { source: sourceId } });
    expect(out).toMatchObject({ status: 'ok', dagRuns: 4, activeRuns: 0 });
    // Incremental: the DAG-run list asked for runs ending at or after the last end seen.
    expect(airflow.requests.find((r) => r.includes('/dagRuns?'))).toContain(
      'end_date_gte=2026-01-14T00%3A17',
    );
    // The next hourly_events run finished on time, so its deadline alert resolved; the slow
    // daily_orders run also finished past its own deadline.
    expect(await firing()).toEqual([
      {
        fingerprint: 'deadline:airflow-prod/daily_orders',
        summary: expect.stringContaining('finished 125 min after its deadline 2026-01-16T02:00:00.000Z'),
      },
      {
        fingerprint: 'slow_run:airflow-prod/daily_orders',
        summary: expect.stringContaining('run duration (s) 14,400 is 429 % above the expected'),
      },
    ]);
    const dag = await t.store.db
      .selectFrom('assets')
      .select('tags')
      .where('name', '=', 'airflow-prod/daily_orders')
      .executeTakeFirstOrThrow();
    expect(dag.tags.filter((x) => x.startsWith('schedule:'))).toEqual(['schedule:5 1 * * *']);
  });

  it('raises one source alert when Airflow is unreachable, then backs off', async () => {
    const down = await createSource({
      ctx: ctx(),
      input: {
        name: `airflow-${version}-down`,
        kind: 'airflow',
        config: { url: 'http://127.0.0.1:9', version, username: 'vigil', pollIntervalSeconds: 60 },
        secrets: { password: 'x' },
        validate: catalog.validate,
      },
    });
    clock.set(new Date(D(22, 6)));
    const first = await pollAirflow({ ctx: ctx(), input: { source: down.id } });
    expect(first).toMatchObject({
      status: 'failed',
      alerts: [{ fingerprint: `source:${down.id}`, change: 'fired' }],
    });
    expect(first.error).toContain('cannot connect to Airflow');
    const second = await pollAirflow({ ctx: ctx(), input: { source: down.id } });
    expect(second.alerts).toEqual([]);
    const gap = (o: typeof first) => Date.parse(o.nextPollAt) - D(22, 6);
    expect([gap(first), gap(second)]).toEqual([120_000, 240_000]);
    const alerts = await t.store.db
      .selectFrom('alerts')
      .select('fingerprint')
      .where('fingerprint', '=', `source:${down.id}`)
      .execute();
    expect(alerts).toHaveLength(1);
  });
});
