import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindOverdue } from '../../src/services/incidents/remind-incidents.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore, testContext } from '../support/stores.js';
import { fireAlert } from './fire-alert.js';
import { outboxTexts, seedAssets, seedChannel } from './response-fixtures.js';

const MIN = 60_000;

describe('incident response API', () => {
  let t: TestStore;
  let a: TestApp;
  let incidentId: string;
  const post = (url: string, payload: unknown = {}) =>
    a.app.inject({ method: 'POST', url, headers: a.as.responder, payload: payload as object });
  const put = (url: string, payload: unknown) =>
    a.app.inject({ method: 'PUT', url, headers: a.as.responder, payload: payload as object });
  const get = (url: string) => a.app.inject({ url, headers: a.as.viewer });
  const timeline = async () =>
    (await get(`/api/v1/incidents/${incidentId}/timeline`)).json().items as Array<{
      kind: string;
      message: string;
      actor: string;
    }>;

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
    const at = a.clock.now();
    await seedChannel(t.store, 'data-incidents', at);
    await seedChannel(t.store, 'analytics-slack', at);
    // The analytics team's alerts (and incident notices) go to their own channel.
    await t.store.db
      .insertInto('settings')
      .values({
        key: 'routing',
        value: JSON.stringify({
          route: {
            receiver: 'data-incidents',
            routes: [{ receiver: 'analytics-slack', matchers: ['owner="analytics"'] }],
          },
        }),
      })
      .execute();
    await seedAssets(
      t.store,
      at,
      [
        { name: 'raw.payments', owner: 'ingest-team', domain: 'finance' },
        { name: 'stg.payments', owner: 'analytics', domain: 'finance' },
        { name: 'mart.revenue', owner: 'analytics', domain: 'finance' },
        { name: 'dash.revenue', type: 'dashboard', owner: 'cfo-office', domain: 'finance' },
      ],
      [
        { from: 'raw.payments', to: 'stg.payments' },
        { from: 'stg.payments', to: 'mart.revenue', via: 'jobs.build_mart' },
        { from: 'mart.revenue', to: 'dash.revenue' },
      ],
    );
    await fireAlert(t.store, { fingerprint: 'stg-fresh', asset: 'stg.payments', at });
    incidentId = (await t.store.db.selectFrom('incidents').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await a.app.close();
    await t.dispose();
  });

  it('announces quickly and minimally: what, since when, impact, severity, where to follow', async () => {
    const res = await post(`/api/v1/incidents/${incidentId}/announce`, {
      impact: 'revenue figures are stale; do not use them',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().text).toBe(
      [
        'SEV2: stg-fresh failed',
        'Since: 2026-01-05T09:00:00.000Z',
        'Impact: revenue figures are stale; do not use them',
        `Follow: incident ${incidentId} in Vigil`,
      ].join('\n'),
    );
    expect((await outboxTexts(t.store)).at(-1)?.key).toContain('incident-announcement');
  });

  it('records hand-overs on the timeline and tells the new holder', async () => {
    await post(`/api/v1/incidents/${incidentId}/roles`, { role: 'commander', person: 'ana' });
    a.clock.advance(10 * MIN);
    const res = await post(`/api/v1/incidents/${incidentId}/roles`, {
      role: 'commander',
      person: 'bo',
      note: 'end of shift',
    });
    expect(res.json().roles.commander).toBe('bo');
    const last = (await timeline()).at(-1);
    expect(last).toMatchObject({
      kind: 'role_handover',
      message: 'commander handed over from ana to bo: end of shift',
    });
    const msg = (await outboxTexts(t.store)).at(-1);
    expect(msg?.title).toContain('bo is now commander');
    expect(msg?.text).toContain('bo, you hold commander');
    const audit = (await a.app.inject({ url: '/api/v1/audit', headers: a.as.admin })).body;
    expect(audit).toContain('incident.handover');
  });

  it('takes reports in two voices and reminds when they or a promised update are overdue', async () => {
    const bad = await post(`/api/v1/incidents/${incidentId}/reports`, { voice: 'tactical', conditions: 'x' });
    expect(bad.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'actions' }, { path: 'needs' }],
    });
    const tactical = await post(`/api/v1/incidents/${incidentId}/reports`, {
      voice: 'tactical',
      conditions: 'loader stuck since 09:00',
      actions: 'restarting the loader',
      needs: 'a DBA to kill the lock',
    });
    expect(tactical.statusCode).toBe(201);
    // SEV2: tactical every hour.
    expect(tactical.json().nextDueAt).toBe(new Date(a.clock.now().getTime() + 60 * MIN).toISOString());
    await post(`/api/v1/incidents/${incidentId}/updates`, {
      status: 'investigating',
      impact: 'revenue dashboard stale',
      nextUpdateAt: new Date(a.clock.now().getTime() + 30 * MIN).toISOString(),
    });
    const ctx = testContext(t.store, undefined, a.clock);
    expect(await remindOverdue({ ctx })).toEqual([]);
    a.clock.advance(31 * MIN);
    expect((await remindOverdue({ ctx })).map((r) => r.kind)).toEqual(['update']);
    a.clock.advance(90 * MIN);
    // Executive due 2 h after declaration, tactical 1 h after the last report; the update once only.
    expect((await remindOverdue({ ctx })).map((r) => r.kind).sort()).toEqual(['executive', 'tactical']);
    expect(await remindOverdue({ ctx })).toEqual([]);
    const reminders = (await timeline()).filter((e) => e.kind === 'reminder');
    expect(reminders).toHaveLength(3);
    expect(reminders[0]?.message).toContain('the stakeholder update promised was due at');
    expect(reminders[0]?.actor).toBe('policy:reminders');
    // One message per reminder on each of the incident's two channels.
    expect((await outboxTexts(t.store)).filter((m) => m.title.includes('Overdue'))).toHaveLength(6);
    const exec = await post(`/api/v1/incidents/${incidentId}/reports`, {
      voice: 'executive',
      summary: 'Revenue numbers are stale since 09:00; fix expected by noon.',
    });
    expect(exec.json().nextDueAt).toBe(new Date(a.clock.now().getTime() + 120 * MIN).toISOString());
  });

  it('lists the blast radius from lineage and notifies the owners in it', async () => {
    const radius = (await get(`/api/v1/incidents/${incidentId}/blast-radius`)).json();
    expect(radius.lineageKnown).toBe(true);
    expect(radius.downstream.map((d: { name: string; depth: number }) => [d.name, d.depth])).toEqual([
      ['mart.revenue', 1],
      ['dash.revenue', 2],
    ]);
    expect(radius.dashboards.map((d: { name: string }) => d.name)).toEqual(['dash.revenue']);
    expect(radius.owners).toEqual(['analytics', 'cfo-office']);
    // Downstream pipelines are held back by the circuit breaker when they ask about upstream.
    const here = (await get('/api/v1/assets/mart.revenue/health')).json();
    expect(here).toMatchObject({ healthy: true, upstreamChecked: false });
    const up = (await get('/api/v1/assets/mart.revenue/health?upstream=true')).json();
    expect(up).toMatchObject({ healthy: false, upstreamChecked: true });
    expect(up.reasons[0]).toBe(
      `upstream stg.payments: incident ${incidentId} (SEV2, investigating): stg-fresh failed`,
    );
    const sent = await post(`/api/v1/incidents/${incidentId}/blast-radius/notify`, {});
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({
      owners: ['analytics', 'cfo-office'],
      channels: ['analytics-slack', 'data-incidents'],
    });
    const msg = (await outboxTexts(t.store)).at(-1);
    expect(msg?.text).toContain('- dash.revenue (dashboard) — cfo-office');
  });

  it('keeps runbooks on assets and shows them on the incident, the alert and in messages', async () => {
    const set = await put('/api/v1/assets/stg.payments/runbook', {
      content: '# Stale payments\n1. Check the loader lock',
    });
    expect(set.json().runbook).toMatchObject({ format: 'markdown', source: 'asset stg.payments' });
    const list = (await get(`/api/v1/incidents/${incidentId}/runbooks`)).json().items;
    expect(list).toHaveLength(1);
    const alertId = (await get(`/api/v1/incidents/${incidentId}`)).json().alertIds[0];
    expect((await get(`/api/v1/alerts/${alertId}/runbooks`)).json().items[0].content).toContain(
      'loader lock',
    );
    const update = await post(`/api/v1/incidents/${incidentId}/updates`, {
      status: 'identified',
      impact: 'lock found',
      channels: ['data-incidents'],
      owners: true,
    });
    // stg.payments is owned by analytics, routed to their channel.
    expect(update.json().channels).toEqual(['data-incidents', 'analytics-slack']);
    expect((await outboxTexts(t.store)).at(-1)?.text).toContain(
      'Runbook (asset stg.payments): # Stale payments',
    );
  });

  it('records data impact, refuses to resolve while checks are red, and shows it on the status page', async () => {
    const impact = await put(`/api/v1/incidents/${incidentId}/impact`, {
      badDataFrom: '2026-01-05T08:00:00Z',
      rowsAffected: 1200,
      partitions: ['2026-01-05'],
      consumers: ['finance-weekly'],
      backfillStatus: 'pending',
    });
    expect(impact.json()).toMatchObject({ rowsAffected: 1200, backfillStatus: 'pending' });
    const backwards = await put(`/api/v1/incidents/${incidentId}/impact`, {
      badDataTo: '2026-01-05T07:00:00Z',
    });
    expect(backwards.json().error.details[0].path).toBe('badDataTo');

    const page = await a.app.inject({ url: '/status?domain=finance' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('stg.payments');
    expect(page.body).toContain('lock found');
    const json = (await a.app.inject({ url: '/api/v1/status?asset=stg.payments' })).json();
    const finance = (await a.app.inject({ url: '/api/v1/status?domain=finance' })).json();
    expect(finance.degraded.map((d: { asset: string; state: string }) => [d.asset, d.state])).toEqual([
      ['dash.revenue', 'downstream'],
      ['mart.revenue', 'downstream'],
      ['stg.payments', 'incident'],
    ]);
    expect(finance.degraded[1]).toMatchObject({
      via: 'stg.payments',
      latestUpdate: { impact: 'lock found' },
    });
    expect(page.body).toContain('Reads from stg.payments');
    expect(json).toMatchObject({
      healthy: false,
      degraded: [
        { asset: 'stg.payments', domain: 'finance', state: 'incident', since: '2026-01-05T09:00:00.000Z' },
      ],
    });
    expect((await a.app.inject({ url: '/api/v1/status?domain=marketing' })).json().healthy).toBe(true);

    const refused = await post(`/api/v1/incidents/${incidentId}/resolve`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'CHECKS_NOT_GREEN',
      details: [{ message: 'stg-fresh failed: still firing' }],
    });
    const forced = await post(`/api/v1/incidents/${incidentId}/resolve`, { force: true });
    expect(forced.json().status).toBe('resolved');
    expect((await timeline()).some((e) => e.kind === 'forced')).toBe(true);
    expect((await a.app.inject({ url: '/api/v1/status?asset=stg.payments' })).json().degraded).toMatchObject([
      { state: 'alert' },
    ]);
  });

  it('lets an admin set the report cadence per severity, which the next report follows', async () => {
    const body = { reportCadenceMinutes: { SEV2: { tactical: 15, executive: null } } };
    const denied = await put('/api/v1/incident-policy', body);
    expect(denied.statusCode).toBe(403);
    const saved = await a.app.inject({
      method: 'PUT',
      url: '/api/v1/incident-policy',
      headers: a.as.admin,
      payload: body,
    });
    expect(saved.json()).toMatchObject({
      correlationWindowMinutes: 10,
      promoteAfterMinutes: 60,
      reportCadenceMinutes: {
        SEV1: { tactical: 30, executive: 60 },
        SEV2: { tactical: 15, executive: null },
      },
    });
    const tactical = await post(`/api/v1/incidents/${incidentId}/reports`, {
      voice: 'tactical',
      conditions: 'fixed',
      actions: 'backfill',
      needs: 'nothing',
      notify: false,
    });
    expect(tactical.json()).toMatchObject({
      channels: [],
      nextDueAt: new Date(a.clock.now().getTime() + 15 * MIN).toISOString(),
    });
    const exec = await post(`/api/v1/incidents/${incidentId}/reports`, {
      voice: 'executive',
      summary: 'done',
    });
    expect(exec.json().nextDueAt).toBeNull();
  });
});
