import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundPolicy } from '../../src/notify/index.js';
import { notificationMessageSchema } from '../../src/notify/message.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore } from '../support/stores.js';
import { fireAlert } from './fire-alert.js';

describe('incidents API', () => {
  let t: TestStore;
  let a: TestApp;
  const post = (url: string, payload: unknown, role: 'viewer' | 'responder' = 'responder') =>
    a.app.inject({ method: 'POST', url, headers: a.as[role], payload: payload as object });
  const patch = (url: string, payload: unknown) =>
    a.app.inject({ method: 'PATCH', url, headers: a.as.responder, payload: payload as object });
  const get = (url: string) => a.app.inject({ url, headers: a.as.viewer });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store, {
      notify: { policy: outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }), timeoutMs: 2_000 },
    });
  });
  afterAll(async () => {
    await a.app.close();
    await t.dispose();
  });

  it('runs an incident from triage to closed, keeps its times in order and derives durations', async () => {
    expect((await post('/api/v1/incidents', { title: 'x', severity: 'SEV2' }, 'viewer')).statusCode).toBe(
      403,
    );
    const declared = await post('/api/v1/incidents', {
      title: 'Orders table stale',
      severity: 'SEV2',
      type: 'freshness',
      affectedAssets: ['main.orders'],
      startedAt: '2026-01-05T08:30:00Z',
    });
    expect(declared.statusCode).toBe(201);
    const inc = declared.json();
    expect(inc).toMatchObject({
      status: 'triage',
      open: true,
      declaredVia: 'api',
      affectedAssets: ['main.orders'],
    });
    expect(inc.times).toMatchObject({
      startedAt: '2026-01-05T08:30:00.000Z',
      detectedAt: '2026-01-05T09:00:00.000Z',
    });

    a.clock.advance(5 * 60_000);
    const cmd = await post(`/api/v1/incidents/${inc.id}/roles`, { role: 'commander', person: 'ana' });
    expect(cmd.json()).toMatchObject({ roles: { commander: 'ana' }, durations: { timeToAcknowledge: 300 } });
    await post(`/api/v1/incidents/${inc.id}/roles`, { role: 'responder', person: 'bo' });

    const early = await patch(`/api/v1/incidents/${inc.id}`, {
      times: { mitigatedAt: '2026-01-05T08:45:00Z' },
    });
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [{ path: 'mitigatedAt' }] },
    });

    a.clock.advance(25 * 60_000);
    const mon = await patch(`/api/v1/incidents/${inc.id}`, { status: 'monitoring', severity: 'SEV3' });
    expect(mon.json()).toMatchObject({
      status: 'monitoring',
      severity: 'SEV3',
      durations: { timeToMitigate: 1800 },
    });
    expect((await patch(`/api/v1/incidents/${inc.id}`, { status: 'triage' })).statusCode).toBe(409);

    a.clock.advance(30 * 60_000);
    const resolved = await post(`/api/v1/incidents/${inc.id}/resolve`, {});
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      open: false,
      durations: { timeToDetect: 1800, timeToAcknowledge: 300, timeToResolve: 3600 },
    });
    expect((await post(`/api/v1/incidents/${inc.id}/resolve`, {})).statusCode).toBe(409);
    expect(
      (await patch(`/api/v1/incidents/${inc.id}`, { status: 'closed' })).json().times.closedAt,
    ).not.toBeNull();

    const timeline = (await get(`/api/v1/incidents/${inc.id}/timeline`)).json().items;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'declared',
      'role_assigned',
      'role_assigned',
      'status_changed',
      'severity_changed',
      'status_changed',
      'status_changed',
    ]);
    expect(timeline[1]).toMatchObject({ actor: 'responder test', message: 'ana is commander' });
    const audit = (
      await a.app.inject({ url: '/api/v1/audit?targetType=incident', headers: a.as.admin })
    ).json();
    expect(JSON.stringify(audit)).toContain('incident.resolve');
  });

  it('declares from an alert in one action, then joins a second alert to it', async () => {
    const first = await fireAlert(t.store, {
      fingerprint: 'fresh-1',
      asset: 'main.items',
      severity: 'ticket',
      at: a.clock.now(),
    });
    const second = await fireAlert(t.store, {
      fingerprint: 'fresh-2',
      asset: 'main.carts',
      severity: 'ticket',
      at: a.clock.now(),
    });
    const made = await post(`/api/v1/alerts/${first.alert?.id}/incident`, {});
    expect(made.statusCode).toBe(200);
    const { incident, created } = made.json();
    expect(created).toBe(true);
    expect(incident).toMatchObject({
      title: 'fresh-1 failed',
      type: 'freshness',
      severity: 'SEV3',
      declaredVia: 'alert',
      affectedAssets: ['main.items'],
      alertIds: [first.alert?.id],
    });
    const again = await post(`/api/v1/alerts/${first.alert?.id}/incident`, {});
    expect(again.json()).toMatchObject({ created: false, incident: { id: incident.id } });
    const joined = await post(`/api/v1/alerts/${second.alert?.id}/incident`, { incidentId: incident.id });
    expect(joined.json().incident).toMatchObject({
      affectedAssets: ['main.items', 'main.carts'],
      alertIds: [first.alert?.id, second.alert?.id],
    });
    const kinds = (await get(`/api/v1/incidents/${incident.id}/timeline`))
      .json()
      .items.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k === 'alert_linked')).toHaveLength(2);
  });

  it('writes notes, pins them, and sends stakeholder updates through the outbox', async () => {
    for (const name of ['data-team', 'exec-updates'])
      expect(
        (
          await a.app.inject({
            method: 'POST',
            url: '/api/v1/channels',
            headers: a.as.admin,
            payload: { name, kind: 'webhook', config: { url: 'http://127.0.0.1:9/hook' } },
          })
        ).statusCode,
      ).toBe(201);
    const inc = (
      await post('/api/v1/incidents', { title: 'Revenue dashboard wrong', severity: 'SEV1' })
    ).json();
    const note = await post(`/api/v1/incidents/${inc.id}/notes`, { text: 'dbt run 42 wrote nulls' });
    expect(note.statusCode).toBe(201);
    await post(`/api/v1/incidents/${inc.id}/timeline/${note.json().id}/pin`, {});
    const pinned = (await get(`/api/v1/incidents/${inc.id}/timeline?pinned=true`)).json().items;
    expect(pinned).toMatchObject([{ kind: 'note', message: 'dbt run 42 wrote nulls', pinned: true }]);

    const one = await post(`/api/v1/incidents/${inc.id}/updates`, {
      status: 'identified',
      impact: 'Revenue shows 0 for today',
      nextUpdateAt: '2026-01-05T12:00:00Z',
      channels: ['exec-updates'],
    });
    expect(one.statusCode).toBe(201);
    const all = await post(`/api/v1/incidents/${inc.id}/updates`, {
      status: 'identified',
      impact: 'Fix deploying',
    });
    expect(all.json().channels).toEqual(['data-team', 'exec-updates']);
    const bad = await post(`/api/v1/incidents/${inc.id}/updates`, {
      status: 'identified',
      impact: 'x',
      channels: ['nope'],
    });
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

    const rows = await t.store.db
      .selectFrom('outbox')
      .selectAll()
      .where('group_key', 'is', null)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.channel_name)).toEqual(['exec-updates', 'data-team', 'exec-updates']);
    const message = notificationMessageSchema.parse(rows[0]?.message);
    expect(message).toMatchObject({
      kind: 'incident.update',
      severity: 'page',
      status: 'identified',
      incident: { id: inc.id, status: 'identified' },
      dedupKey: `incident:${inc.id}`,
    });
    expect(message.text).toContain('Revenue shows 0 for today');
    expect((await get(`/api/v1/incidents/${inc.id}`)).json().status).toBe('identified');
  });

  it('answers asset health from firing alerts and open incidents, and records gate decisions', async () => {
    expect((await get('/api/v1/assets/main.payments/health?upstream=true')).json()).toMatchObject({
      healthy: true,
      reasons: [],
    });
    const inc = (
      await post('/api/v1/incidents', {
        title: 'Payments late',
        severity: 'SEV2',
        affectedAssets: ['main.payments'],
      })
    ).json();
    const blocked = (await get('/api/v1/assets/main.payments/health?caller=nightly-etl')).json();
    expect(blocked.healthy).toBe(false);
    expect(blocked.reasons[0]).toContain(inc.id);
    const gate = (await get(`/api/v1/incidents/${inc.id}/timeline`)).json().items.at(-1);
    expect(gate).toMatchObject({ kind: 'gate', actor: 'nightly-etl' });
    await post(`/api/v1/incidents/${inc.id}/resolve`, {});
    expect((await get('/api/v1/assets/main.payments/health')).json().healthy).toBe(true);

    await fireAlert(t.store, {
      fingerprint: 'pay-vol',
      asset: 'main.payments',
      severity: 'ticket',
      at: a.clock.now(),
    });
    const alerting = (await get('/api/v1/assets/main.payments/health')).json();
    expect(alerting).toMatchObject({ healthy: false, alerts: [{ title: 'pay-vol failed' }] });
  });
});
