import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSlos } from '../../src/services/slo/check-slos.js';
import { incidentBudgetBurn } from '../../src/services/slo/incident-budget-burn.js';
import { json } from '../../src/store/executor.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testServer } from '../support/servers.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  testContext,
  type TestStore,
} from '../support/stores.js';
import { seedChecks, seedMonitor } from './seed.js';

const promtool = testServer('VIGIL_TEST_PROMTOOL');
const NOW = new Date('2026-03-10T12:00:00Z');
const HOUR_MIN = 60;

const sloBody = (name: string, monitor: string) => ({
  name,
  service: 'orders',
  owner: 'data-team',
  indicator: { kind: 'monitor_pass_rate', monitors: [monitor] },
  objective: { target: 0.99 },
  budgetPolicy: { onExhausted: 'freeze schema changes' },
});

describe.each(STORE_KINDS)('SLO burn-rate alerts on %s', (kind) => {
  let t: TestStore;
  let api: TestApp;
  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    api = await buildTestApp(t.store);
    api.clock.set(NOW);
    // Three days of one check a minute. Fast: every 5th check of the last hour fails (20 %,
    // a 20x burn of a 99 % objective). Slow: every 50th check fails all along (2 %, 2x).
    const fast = await seedMonitor(t.store, 'orders-volume', 'main.orders', NOW);
    await seedChecks(t.store, fast, NOW, 3 * 24 * HOUR_MIN, (ago) => ago < HOUR_MIN && ago % 5 === 0);
    const slow = await seedMonitor(t.store, 'users-volume', 'main.users', NOW);
    await seedChecks(t.store, slow, NOW, 3 * 24 * HOUR_MIN, (ago) => ago % 50 === 0);
  }, 120_000);
  afterAll(async () => {
    await api?.app.close();
    await t?.dispose();
  });

  it.skipIf(!storeAvailable(kind))('creates SLOs through the API, audited', async () => {
    for (const [name, monitor] of [
      ['orders-volume-ok', 'orders-volume'],
      ['users-volume-ok', 'users-volume'],
    ]) {
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/slos',
        headers: api.as.admin,
        // The orders SLO was due for review a week ago: its owner is reminded.
        payload: {
          ...sloBody(name as string, monitor as string),
          reviewDate: name === 'orders-volume-ok' ? '2026-03-03' : null,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        name,
        timeWindow: { rolling: true, duration: '30d' },
        origin: 'api',
      });
    }
    const viewer = await api.app.inject({
      method: 'POST',
      url: '/api/v1/slos',
      headers: api.as.viewer,
      payload: sloBody('nope', 'orders-volume'),
    });
    expect(viewer.statusCode).toBe(403);
    const bad = await api.app.inject({
      method: 'POST',
      url: '/api/v1/slos',
      headers: api.as.admin,
      payload: { ...sloBody('bad', 'x'), objective: { target: 99 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const audit = await t.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'slo')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['slo.create', 'slo.create']);
  });

  it.skipIf(!storeAvailable(kind))('pages on the fast burn and not on the slow one', async () => {
    const ctx = testContext(t.store, undefined, api.clock);
    await checkSlos({ ctx });
    const alerts = await t.store.db.selectFrom('alerts').selectAll().where('origin', '=', 'slo').execute();
    const byTitle = (s: string) => alerts.filter((a) => a.title.includes(s));
    const [fast] = byTitle('orders-volume-ok burns');
    expect(fast).toMatchObject({ status: 'firing', severity: 'page' });
    expect(fast?.labels).toMatchObject({
      slo: 'orders-volume-ok',
      owner: 'data-team',
      kind: 'slo_burn',
      window: '1h',
    });
    // The slow burn spends the budget of a 30-day window in 15 days: a ticket, never a page.
    const [slow] = byTitle('users-volume-ok burns');
    expect(slow).toMatchObject({ status: 'firing', severity: 'ticket' });
    expect(alerts.filter((a) => a.severity === 'page').map((a) => a.title)).toEqual([fast?.title]);

    const status = await api.app.inject({
      url: '/api/v1/slos/orders-volume-ok/status',
      headers: api.as.viewer,
    });
    expect(status.statusCode, status.body).toBe(200);
    const s = status.json();
    expect(s).toMatchObject({ status: 'critical', firing: 'page', target: 0.99 });
    expect(s.rules[0]).toMatchObject({
      severity: 'page',
      longWindow: '1h',
      shortWindow: '5m',
      factor: 14.4,
      firing: true,
    });
    expect(s.rules[0].longBurn).toBeCloseTo(20, 6);
    expect(s.budgetLeft).toBeCloseTo(1 - 12 / 4320 / 0.01, 6);
  });

  it.skipIf(!storeAvailable(kind))('records a spent budget and tells the owner', async () => {
    const slo = await t.store.db
      .selectFrom('slos')
      .selectAll()
      .where('name', '=', 'users-volume-ok')
      .executeTakeFirstOrThrow();
    expect(slo.budget_exhausted_at).not.toBeNull();
    const events = await t.store.db
      .selectFrom('slo_events')
      .select(['kind', 'message'])
      .where('slo_id', '=', slo.id)
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['budget_exhausted']);
    const notice = await t.store.db
      .selectFrom('alerts')
      .selectAll()
      .where('fingerprint', '=', `slo:${slo.id}:exhausted`)
      .executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ status: 'firing', severity: 'ticket' });
    expect(notice.labels).toMatchObject({ owner: 'data-team', kind: 'slo_budget_exhausted' });
    expect(notice.summary).toContain('freeze schema changes');
  });

  it.skipIf(!storeAvailable(kind))('reminds the owner once when the review date has come', async () => {
    const slo = await t.store.db
      .selectFrom('slos')
      .selectAll()
      .where('name', '=', 'orders-volume-ok')
      .executeTakeFirstOrThrow();
    await checkSlos({ ctx: testContext(t.store, undefined, api.clock) });
    const events = await t.store.db
      .selectFrom('slo_events')
      .select('kind')
      .where('slo_id', '=', slo.id)
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['review_due']);
    const reminder = await t.store.db
      .selectFrom('alerts')
      .selectAll()
      .where('fingerprint', '=', `slo:${slo.id}:review`)
      .executeTakeFirstOrThrow();
    expect(reminder).toMatchObject({
      status: 'firing',
      severity: 'ticket',
      title: 'SLO orders-volume-ok is due for review (2026-03-03)',
    });
    expect(reminder.labels).toMatchObject({ owner: 'data-team', kind: 'slo_review_due' });
  });

  it.skipIf(!storeAvailable(kind))('clears the page once the short window is clean again', async () => {
    const monitor = 'mon_orders-volume';
    const later = new Date(NOW.getTime() + 10 * 60_000);
    await seedChecks(t.store, monitor, later, 10, () => false);
    api.clock.set(later);
    await checkSlos({ ctx: testContext(t.store, undefined, api.clock) });
    const fast = await t.store.db
      .selectFrom('alerts')
      .selectAll()
      .where('title', 'like', '%orders-volume-ok burns%')
      .executeTakeFirstOrThrow();
    expect(fast.status).toBe('resolved');
  });

  it.skipIf(!storeAvailable(kind))(
    'draws the history and says how much budget an incident burned',
    async () => {
      const h = await api.app.inject({
        url: '/api/v1/slos/users-volume-ok/history?points=12',
        headers: api.as.viewer,
      });
      expect(h.statusCode, h.body).toBe(200);
      expect(h.json().points).toHaveLength(12);
      // The hour of fast burn as an incident on the table: 12 bad checks of the 43.2 the
      // budget allows over the seeded days — more than the 20 % that asks for a postmortem.
      await t.store.db
        .insertInto('incidents')
        .values({
          id: 'inc_1',
          title: 'orders short',
          summary: '',
          severity: 'SEV2',
          status: 'resolved',
          type: 'volume',
          affected_assets: json(['main.orders']),
          declared_by: 'test',
          declared_via: 'api',
          commander: null,
          communications_lead: null,
          scribe: null,
          responders: json([]),
          started_at: new Date(NOW.getTime() - 60 * 60_000),
          detected_at: NOW,
          acknowledged_at: null,
          mitigated_at: null,
          resolved_at: NOW,
          closed_at: null,
          created_at: NOW,
          updated_at: NOW,
        })
        .execute();
      const burn = await incidentBudgetBurn({
        ctx: testContext(t.store, undefined, api.clock),
        input: { incidentId: 'inc_1' },
      });
      expect(burn.slos.map((s) => s.slo)).toEqual(['orders-volume-ok']);
      expect(burn.slos[0]?.bad).toBe(12);
      expect(burn.slos[0]?.share).toBeCloseTo(12 / (4320 * 0.01), 4);
      expect(burn.requiresPostmortem).toBe(true);
      const res = await api.app.inject({
        url: '/api/v1/incidents/inc_1/budget-burn',
        headers: api.as.viewer,
      });
      expect(res.json()).toMatchObject({ requiresPostmortem: true });
    },
  );

  it.skipIf(!storeAvailable(kind))('serves /metrics that promtool accepts', async () => {
    const res = await api.app.inject({ url: '/metrics', headers: api.as.viewer });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(
      /vigil_slo_error_budget_remaining_ratio\{slo="orders-volume-ok",service="orders"\}/,
    );
    expect(res.body).toMatch(/vigil_slo_burn_rate\{slo="users-volume-ok",service="orders",window="1h"\} 2/);
    expect(res.body).toMatch(/vigil_firing_alerts\{severity="ticket"\} [1-9]/);
    expect(res.body).toMatch(/vigil_check_runs_last_hour\{status="pass"\}/);
    expect((await api.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    if (!promtool) return;
    const out = execFileSync(promtool, ['check', 'metrics'], { input: res.body, encoding: 'utf8' });
    expect(out).toBe('');
  });

  it.skipIf(!storeAvailable(kind))('describes the SLO routes in OpenAPI', async () => {
    const res = await api.app.inject({ url: '/api/v1/openapi.json', headers: api.as.viewer });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const doc = res.json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/slos', '/api/v1/slos/{name}/status', '/api/v1/slos/{name}/history']),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Slo', 'SloStatus', 'SloHistory']),
    );
  });

  it.skipIf(!storeAvailable(kind))('deletes an SLO and resolves its alerts', async () => {
    const res = await api.app.inject({
      method: 'DELETE',
      url: '/api/v1/slos/users-volume-ok',
      headers: api.as.admin,
    });
    expect(res.statusCode).toBe(204);
    const firing = await t.store.db
      .selectFrom('alerts')
      .select('title')
      .where('title', 'like', '%users-volume-ok%')
      .where('status', '=', 'firing')
      .execute();
    expect(firing).toEqual([]);
    expect(
      (await api.app.inject({ url: '/api/v1/slos/users-volume-ok', headers: api.as.viewer })).statusCode,
    ).toBe(404);
  });
});
