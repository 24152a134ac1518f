import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundPolicy } from '../../net/outbound-guard.js';
import { type AirflowServer, type Run, startAirflowServer } from './airflow-server.test-support.js';
import {
  createAirflowClient,
  listActiveDagRuns,
  listDags,
  mapDag,
  pollDagRuns,
  pollTaskInstances,
  START_CURSOR,
} from './index.js';

/** The fake Airflow listens on loopback, which an admin allowance opens exactly as in production. */
const policy = outboundPolicy({ allowCidrs: ['127.0.0.0/8'] });

const day = (d: number, h: number, m = 0) =>
  new Date(Date.UTC(2026, 0, d, h, m)).toISOString().replace('Z', '+00:00');
const run = (d: number, state: string, end: string | null, dagId = 'daily_orders'): Run => ({
  dagId,
  runId: `scheduled__2026-01-0${d}T00:00:00+00:00`,
  state,
  logical: day(d, 0),
  start: day(d + 1, 0, 5),
  end,
  tasks: [
    {
      taskId: 'extract',
      state: 'success',
      start: day(d + 1, 0, 5),
      end: day(d + 1, 0, 9),
      operator: 'SQLExecuteQueryOperator',
    },
    {
      taskId: 'load',
      state: state === 'failed' ? 'failed' : state === 'success' ? 'success' : 'running',
      start: day(d + 1, 0, 10),
      end,
      operator: 'PythonOperator',
    },
  ],
});

function seed(): Run[] {
  return [
    run(1, 'success', day(2, 0, 40)),
    run(2, 'failed', day(3, 1, 12)),
    run(3, 'success', day(4, 0, 31)),
    // Two runs of different DAGs ending in the same instant: the cursor must not lose either.
    run(4, 'success', day(5, 0, 45)),
    run(4, 'success', day(5, 0, 45), 'hourly_events'),
    run(5, 'running', null),
  ];
}

describe.each([2, 3] as const)('Airflow %i REST API', (version) => {
  let server: AirflowServer;
  const client = () =>
    createAirflowClient({ baseUrl: server.url, version, username: 'vigil', password: 's3cret', policy });

  beforeAll(async () => {
    server = await startAirflowServer(version, seed(), 'vigil', 's3cret', {
      daily_orders: {
        description: 'Daily orders',
        owners: ['data-platform'],
        tags: ['orders'],
        cron: '5 0 * * *',
      },
    });
  });
  afterAll(() => server.close());

  it('reads finished DAG runs page by page, oldest end first, mapped to runs', async () => {
    const r = await pollDagRuns(client(), START_CURSOR, { pageSize: 2 });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.items.map((x) => `${x.dagId}:${x.airflowState}`)).toEqual([
      'daily_orders:success',
      'daily_orders:failed',
      'daily_orders:success',
      'daily_orders:success',
      'hourly_events:success',
    ]);
    expect(r.value.items[1]).toMatchObject({
      runId: 'scheduled__2026-01-02T00:00:00+00:00',
      status: 'failed',
      logicalDate: day(2, 0),
      startDate: day(3, 0, 5),
      endDate: day(3, 1, 12),
      durationSeconds: 67 * 60,
    });
    expect(r.value.cursor).toEqual({
      endDate: day(5, 0, 45),
      seenAtEndDate: [
        'daily_orders/scheduled__2026-01-04T00:00:00+00:00',
        'hourly_events/scheduled__2026-01-04T00:00:00+00:00',
      ],
    });
    expect(server.requests.filter((q) => q.includes('/dagRuns?')).length).toBe(3);
    expect(
      server.requests.some((q) =>
        q.includes(`/api/v${version - 1}/dags/~/dagRuns?limit=2&offset=2&order_by=end_date`),
      ),
    ).toBe(true);
  });

  it('reads only what ended since the cursor, including a run ending in the cursor instant', async () => {
    const first = await pollDagRuns(client(), START_CURSOR);
    if (!first.ok) throw new Error('expected ok');
    const again = await pollDagRuns(client(), first.value.cursor);
    expect(again.ok && again.value.items).toEqual([]);
    server.runs.push(run(4, 'success', day(5, 0, 45), 'late_arrival'), run(6, 'success', day(7, 0, 20)));
    const next = await pollDagRuns(client(), first.value.cursor);
    if (!next.ok) throw new Error('expected ok');
    expect(next.value.items.map((x) => x.dagId)).toEqual(['late_arrival', 'daily_orders']);
    expect(next.value.cursor.endDate).toBe(day(7, 0, 20));
    server.runs.splice(server.runs.length - 2, 2);
  });

  it('reads task instances the same way, and lists runs still going', async () => {
    const t = await pollTaskInstances(client(), START_CURSOR, { dagId: 'daily_orders', pageSize: 3 });
    if (!t.ok) throw new Error(JSON.stringify(t.error));
    // Five runs of two tasks, less the load still running.
    expect(t.value.items).toHaveLength(9);
    expect(t.value.items.find((x) => x.taskId === 'load' && x.status === 'failed')).toMatchObject({
      operator: 'PythonOperator',
      durationSeconds: 62 * 60,
      tryNumber: 1,
      mapIndex: -1,
      logicalDate: day(2, 0),
    });
    const active = await listActiveDagRuns(client());
    expect(active.ok && active.value.map((r) => [r.runId, r.status, r.endDate])).toEqual([
      ['scheduled__2026-01-05T00:00:00+00:00', 'running', null],
    ]);
  });

  it('lists DAGs with owners, tags, schedule and description, as this version spells them', async () => {
    const dags = await listDags(client(), { pageSize: 1 });
    expect(dags).toEqual({
      ok: true,
      value: [
        {
          dagId: 'daily_orders',
          description: 'Daily orders',
          owners: ['data-platform'],
          tags: ['orders'],
          schedule: '5 0 * * *',
          scheduleDescription: null,
          paused: false,
        },
        expect.objectContaining({ dagId: 'hourly_events', owners: ['airflow'], schedule: null }),
      ],
    });
  });

  it('gives a typed error for refused credentials', async () => {
    const bad = createAirflowClient({
      baseUrl: server.url,
      version,
      username: 'vigil',
      password: 'wrong',
      policy,
    });
    const r = await pollDagRuns(bad, START_CURSOR);
    expect(r).toMatchObject({ ok: false, error: { kind: 'unauthorized', status: 401 } });
  });

  it('gives not_found when the API version does not match the server', async () => {
    const other = createAirflowClient({
      baseUrl: server.url,
      version: version === 2 ? 3 : 2,
      username: 'vigil',
      password: 's3cret',
      policy,
    });
    const r = await pollDagRuns(other, START_CURSOR);
    expect(r.ok).toBe(false);
    expect(!r.ok && ['not_found', 'unauthorized']).toContain(!r.ok && r.error.kind);
  });
});

describe('Airflow DAG schedules', () => {
  it('reads Airflow 2 timedelta schedules and Airflow 3 summaries', () => {
    const td = { __type: 'TimeDelta', days: 1, seconds: 5400, microseconds: 0 };
    expect(mapDag({ dag_id: 'a', schedule_interval: td }).schedule).toBe('every 1d 1h 30m');
    expect(
      mapDag({ dag_id: 'b', schedule_interval: { __type: 'CronExpression', value: '@daily' } }).schedule,
    ).toBe('@daily');
    expect(
      mapDag({ dag_id: 'c', timetable_summary: '0 3 * * 1-5', tags: [{ name: 'x', dag_id: 'c' }] }),
    ).toMatchObject({
      schedule: '0 3 * * 1-5',
      tags: ['x'],
    });
  });
});

describe('Airflow 3 tokens', () => {
  it('signs in again once when the token has expired', async () => {
    const server = await startAirflowServer(3, seed());
    try {
      const c = createAirflowClient({
        baseUrl: server.url,
        version: 3,
        username: 'vigil',
        password: 's3cret',
        policy,
      });
      expect((await pollDagRuns(c, START_CURSOR)).ok).toBe(true);
      server.expireTokens();
      expect((await pollDagRuns(c, START_CURSOR)).ok).toBe(true);
      expect(server.requests.filter((r) => r === 'POST /auth/token')).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

describe('Airflow that cannot be used', () => {
  it('is unreachable: a typed error without socket text', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const c = createAirflowClient({
      baseUrl: `http://127.0.0.1:${port}`,
      version: 2,
      username: 'a',
      password: 'b',
      policy,
    });
    const r = await pollDagRuns(c, START_CURSOR);
    expect(r).toEqual({
      ok: false,
      error: { kind: 'unreachable', message: `cannot connect to Airflow at http://127.0.0.1:${port}` },
    });
  });

  it('answers something that is not the API: bad_response, or timeout when it never answers', async () => {
    const server = createServer((req, res) => {
      if (req.url?.includes('slow')) return; // never answers
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const html = createAirflowClient({
        baseUrl: `http://127.0.0.1:${port}`,
        version: 2,
        username: 'a',
        password: 'b',
        policy,
      });
      expect(await pollDagRuns(html, START_CURSOR)).toMatchObject({
        ok: false,
        error: { kind: 'bad_response' },
      });
      const slow = createAirflowClient({
        baseUrl: `http://127.0.0.1:${port}/slow`,
        version: 2,
        username: 'a',
        password: 'b',
        timeoutMs: 200,
        policy,
      });
      expect(await pollDagRuns(slow, START_CURSOR)).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
