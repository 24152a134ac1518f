import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receiver } from '../../src/notify/testing/receiver.js';
import { remindOverdue } from '../../src/services/incidents/remind-incidents.js';
import { webhookReceiver, workerTurn } from '../support/alert-delivery.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore, testContext } from '../support/stores.js';
import { fireAlert } from './fire-alert.js';
import { pagerDutyReceiver } from './pagerduty-receiver.js';

const MIN = 60_000;

describe('quiet by design', () => {
  let t: TestStore;
  let a: TestApp;
  let hook: Receiver;
  let pd: Awaited<ReturnType<typeof pagerDutyReceiver>>;
  let turn: () => Promise<void>;
  const ctx = () => testContext(t.store, undefined, a.clock);
  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    a.app.inject({ method, url, headers: a.as.responder, ...(payload ? { payload } : {}) });
  const hookMessages = () =>
    hook.requests.map((r) => JSON.parse(r.body) as { title: string; severity: string; kind: string });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
    a.clock.set('2026-05-04T09:00:00Z');
    hook = await webhookReceiver(ctx());
    pd = await pagerDutyReceiver(ctx());
    turn = workerTurn(ctx);
  });
  afterAll(async () => {
    await hook.close();
    await pd.receiver.close();
    await a.app.close();
    await t.dispose();
  });

  it('sends role changes and overdue reminders to the incident’s room, never as a page', async () => {
    const declared = await api('POST', '/api/v1/incidents', {
      title: 'Orders stale',
      severity: 'SEV2',
      affectedAssets: ['main.orders'],
    });
    const id = declared.json().id;
    await turn();
    hook.requests.length = 0;
    pd.receiver.requests.length = 0;

    for (const [role, person] of [
      ['commander', 'ana'],
      ['communications_lead', 'bo'],
      ['responder', 'dee'],
    ])
      expect((await api('POST', `/api/v1/incidents/${id}/roles`, { role, person })).statusCode).toBe(200);
    await turn();
    // Taking command acknowledges the incident on PagerDuty; nothing is triggered.
    expect(pd.events().filter((e) => e.event_action === 'trigger')).toEqual([]);
    const roles = hookMessages();
    expect(roles.map((m) => m.title).sort()).toEqual([
      '[SEV2] ana is now commander: Orders stale',
      '[SEV2] bo is now communications lead: Orders stale',
      '[SEV2] dee is now responder: Orders stale',
    ]);
    expect(roles.map((m) => m.severity)).toEqual(['log', 'log', 'log']);

    // An hour later the tactical report is overdue: a reminder, not a page.
    hook.requests.length = 0;
    a.clock.advance(61 * MIN);
    expect((await remindOverdue({ ctx: ctx() })).length).toBeGreaterThan(0);
    await turn();
    expect(pd.events().filter((e) => e.event_action === 'trigger')).toEqual([]);
    const reminders = hookMessages();
    expect(reminders.length).toBeGreaterThan(0);
    for (const m of reminders) {
      expect(m.title).toContain('Overdue');
      expect(m.severity).not.toBe('page');
    }
  });

  it('opens no incident for a silenced alert or one in a maintenance window, and neither shows nor blocks', async () => {
    const silence = await api('POST', '/api/v1/silences', {
      matchers: ['asset="main.silenced"'],
      endsAt: new Date(a.clock.now().getTime() + 120 * MIN).toISOString(),
      comment: 'known: vendor outage',
    });
    expect(silence.statusCode).toBe(201);
    const window = await api('POST', '/api/v1/maintenance-windows', {
      asset: 'main.backfilling',
      reason: 'backfill of March',
      for: '2h',
    });
    expect(window.statusCode).toBe(201);
    for (const asset of ['main.silenced', 'main.backfilling']) {
      await fireAlert(t.store, { fingerprint: asset, asset, at: a.clock.now() });
      expect((await api('GET', `/api/v1/incidents?asset=${asset}`)).json().items).toEqual([]);
      const status = await api('GET', `/api/v1/status?asset=${asset}`);
      expect(status.statusCode).toBe(200);
      expect(status.json()).toMatchObject({ healthy: true, degraded: [] });
      const health = (await api('GET', `/api/v1/assets/${asset}/health`)).json();
      expect(health.healthy).toBe(true);
    }
    // The same alert on a table nobody silenced still opens one, shows and blocks.
    await fireAlert(t.store, { fingerprint: 'main.loud', asset: 'main.loud', at: a.clock.now() });
    expect((await api('GET', '/api/v1/incidents?asset=main.loud')).json().items).toHaveLength(1);
    expect((await api('GET', '/api/v1/assets/main.loud/health')).json().healthy).toBe(false);
    expect((await api('GET', '/api/v1/status?asset=main.loud')).json().degraded).toHaveLength(1);
  });
});
