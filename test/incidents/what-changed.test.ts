import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRouting } from '../../src/services/alerts/routing-config.js';
import { upsertAlert } from '../../src/services/alerts/upsert-alert.js';
import { declareIncident } from '../../src/services/incidents/declare-incident.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore, testContext } from '../support/stores.js';
import { seedAssets } from './response-fixtures.js';

const MIN = 60_000;
const START = new Date('2026-01-05T10:00:00Z');
const at = (minutes: number) => new Date(START.getTime() + minutes * MIN);

describe('what changed? around an incident start', () => {
  let t: TestStore;
  let a: TestApp;
  let incidentId: string;

  async function monitor(id: string, kind: string, asset: string) {
    await t.store.db
      .insertInto('monitors')
      .values({
        id,
        name: id,
        kind,
        source_id: 'src_wh',
        asset,
        config: '{}',
        schedule: '{}',
        severity: 'page',
        owner: null,
        labels: '{}',
        runbook: null,
        description: '',
        enabled: true,
        paused_reason: null,
        origin: 'api',
        detector_state: null,
        next_run_at: at(60),
        lease_owner: null,
        lease_expires_at: null,
        last_status: null,
        last_run_at: null,
        created_at: at(-10_000),
        updated_at: at(-10_000),
        deleted_at: null,
        deleted_by: null,
      })
      .execute();
  }
  async function result(monitorId: string, minutes: number, status: string, message: string, score = 1) {
    await t.store.db
      .insertInto('check_results')
      .values({
        monitor_id: monitorId,
        source_id: 'src_wh',
        at: at(minutes),
        status,
        observed: null,
        expected_lower: null,
        expected_upper: null,
        score,
        message,
        details: null,
        duration_ms: 5,
        queries: 1,
        query_ms: 4,
        rows_scanned: null,
        bytes_scanned: null,
      })
      .execute();
  }
  async function run(
    id: string,
    job: string,
    startMin: number,
    endMin: number,
    state: string,
    error?: string,
  ) {
    await t.store.db
      .insertInto('pipeline_runs')
      .values({
        run_id: id,
        job_asset: job,
        state,
        start_seen: true,
        parent_run_id: null,
        started_at: at(startMin),
        ended_at: at(endMin),
        last_event_at: at(endMin),
        last_active_at: at(endMin),
        error_message: error ?? null,
        facets: '{}',
        created_at: at(startMin),
        updated_at: at(endMin),
      })
      .execute();
  }

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
    a.clock.set(at(30));
    await seedAssets(
      t.store,
      at(-10_000),
      [{ name: 'raw.orders' }, { name: 'stg.orders' }, { name: 'int.orders' }, { name: 'mart.revenue' }],
      [
        { from: 'raw.orders', to: 'stg.orders' },
        { from: 'stg.orders', to: 'int.orders', via: 'jobs.build_int' },
        { from: 'int.orders', to: 'mart.revenue' },
        { from: 'mart.revenue', to: 'dash.revenue' },
      ],
    );
    await t.store.db
      .insertInto('sources')
      .values({
        id: 'src_wh',
        name: 'wh',
        kind: 'duckdb',
        description: '',
        config: '{}',
        secrets: null,
        created_at: at(-10_000),
        updated_at: at(-10_000),
        deleted_at: null,
        deleted_by: null,
      })
      .execute();
    await monitor('raw_dupes', 'custom_sql', 'raw.orders');
    await monitor('raw_volume_cs', 'column_health', 'raw.orders');
    await monitor('stg_schema', 'schema', 'stg.orders');
    await monitor('dash_fresh', 'freshness', 'dash.revenue');
    await monitor('other_nulls', 'column_health', 'other.table');
    await result('raw_dupes', -20, 'fail', '14 duplicate ids', 0.9);
    await result('raw_dupes', -10, 'fail', '20 duplicate ids', 0.9);
    // Downstream of the incident and unrelated to it: never a cause.
    await result('dash_fresh', -5, 'fail', 'stale');
    await result('other_nulls', -5, 'fail', 'nulls');
    await t.store.db
      .insertInto('schema_snapshots')
      .values({
        monitor_id: 'stg_schema',
        at: at(-12),
        columns: '[]',
        diff: JSON.stringify({
          added: [],
          removed: [{ name: 'amount', dataType: 'DOUBLE' }],
          retyped: [],
          reordered: [],
        }),
      })
      .execute();
    for (const [m, v] of [
      [-120, 1000],
      [-60, 1010],
      [-30, 400],
    ] as const)
      await t.store.db
        .insertInto('metric_points')
        .values({ monitor_id: 'raw_volume_cs', metric: 'row_count', segment: '', at: at(m), value: v })
        .execute();
    for (const d of [3, 2, 1]) await run(`ok-${d}`, 'jobs.build_int', -d * 1440, -d * 1440 + 10, 'completed');
    await run('bad', 'jobs.build_int', -18, -8, 'failed', 'OutOfMemoryError');
    await run('later', 'jobs.build_int', 170, 180, 'failed', 'after the fact');
    for (const [version, minutes] of [
      ['a1b2c3d4e5f6a7b8', -7200],
      ['ffeeddccbbaa9988', -9],
    ] as const)
      await t.store.db
        .insertInto('code_versions')
        .values({
          asset: 'jobs.build_int',
          version,
          kind: 'job_version',
          seen_at: at(minutes),
          reported_by: 'ci',
          note: '',
        })
        .execute();
    const ctx = testContext(t.store, undefined, a.clock);
    incidentId = (
      await declareIncident({
        ctx,
        input: {
          title: 'Revenue wrong',
          severity: 'SEV1',
          affectedAssets: ['mart.revenue'],
          startedAt: START,
        },
      })
    ).id;
  });
  afterAll(async () => {
    await a.app.close();
    await t.dispose();
  });

  it('ranks upstream changes by kind, closeness in time and in lineage, each with a reason', async () => {
    const res = await a.app.inject({
      url: `/api/v1/incidents/${incidentId}/what-changed`,
      headers: a.as.viewer,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ start: START.toISOString(), lineageKnown: true, assetsConsidered: 4 });
    const items = body.items as Array<{
      kind: string;
      asset: string;
      distance: number;
      score: number;
      reason: string;
    }>;
    expect(items.map((i) => [i.kind, i.asset, i.distance])).toEqual([
      ['code_changed', 'jobs.build_int', 1],
      ['pipeline_failed', 'jobs.build_int', 1],
      ['schema_change', 'stg.orders', 2],
      ['failing_check', 'raw.orders', 3],
      ['volume_shift', 'raw.orders', 3],
    ]);
    expect(items[0]?.reason).toBe(
      'code changed on jobs.build_int 9 min before the start, 1 hop upstream: job version a1b2c3d4e5f6 → ffeeddccbbaa',
    );
    expect(items[1]?.reason).toContain('run bad failed: OutOfMemoryError');
    expect(items[2]?.reason).toContain('removed amount');
    // The first failure of the monitor, not its latest.
    expect(items[3]?.reason).toContain('20 min before the start');
    expect(items[4]?.reason).toContain('row count 1010 → 400 (60%)');
    const scores = items.map((i) => i.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
  });

  it("leaves out the incident's own checks: they are the symptom, not what changed", async () => {
    const ctx = testContext(t.store, undefined, a.clock);
    const { alert } = await t.store.db.transaction().execute(async (trx) =>
      upsertAlert(trx, await loadRouting(trx), {
        fingerprint: 'monitor:raw_dupes',
        origin: 'monitor',
        monitorId: 'raw_dupes',
        status: 'firing',
        severity: 'log',
        title: 'raw_dupes',
        summary: '20 duplicate ids',
        labels: { asset: 'raw.orders', kind: 'custom_sql' },
        annotations: {},
        at: at(-10),
      }),
    );
    const own = await declareIncident({
      ctx,
      input: {
        title: 'Duplicate orders',
        severity: 'SEV3',
        affectedAssets: ['stg.orders'],
        startedAt: START,
        alertIds: [alert?.id ?? ''],
      },
    });
    const items = (
      await a.app.inject({ url: `/api/v1/incidents/${own.id}/what-changed`, headers: a.as.viewer })
    ).json().items as Array<{ kind: string; asset: string; ref?: Record<string, string>; reason: string }>;
    expect(items.filter((i) => i.ref?.monitorId === 'raw_dupes')).toEqual([]);
    // What else changed upstream still ranks, each with why.
    expect(items.map((i) => i.kind)).toEqual(expect.arrayContaining(['schema_change', 'volume_shift']));
    for (const i of items) expect(i.reason).toMatch(/before the start|after the start|at the start/);
  });

  it('is open to viewers and answers 404 for an unknown incident', async () => {
    const res = await a.app.inject({ url: '/api/v1/incidents/inc_nope/what-changed', headers: a.as.viewer });
    expect(res.statusCode).toBe(404);
  });
});
