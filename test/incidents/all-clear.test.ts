import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receiver } from '../../src/notify/testing/receiver.js';
import { incidentJob } from '../../src/worker/incident-job.js';
import { raiseExternal, webhookReceiver, workerTurn } from '../support/alert-delivery.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore, testContext } from '../support/stores.js';
import { pagerDutyReceiver } from './pagerduty-receiver.js';

const MIN = 60_000;

describe('when every alert of an incident has resolved', () => {
  let t: TestStore;
  let a: TestApp;
  let hook: Receiver;
  let pd: Awaited<ReturnType<typeof pagerDutyReceiver>>;
  let turn: () => Promise<void>;
  const ctx = () => testContext(t.store, undefined, a.clock);
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    a.app.inject({ method, url, headers: a.as.admin, ...(payload ? { payload } : {}) });
  const allClearMessages = () =>
    hook.requests
      .map((r) => JSON.parse(r.body) as { title: string; severity: string; text: string })
      .filter((m) => m.title.includes('All alerts resolved'));
  const policyTurn = async () => {
    await incidentJob().run(ctx());
    await turn();
  };
  const incidentOf = async (asset: string) =>
    (await api('GET', `/api/v1/incidents?asset=${asset}`)).json().items[0] as { id: string; status: string };

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

  it('asks the commander to resolve, once, at ticket severity, and leaves the incident open', async () => {
    await raiseExternal(ctx(), 'orders-late', { asset: 'main.orders', alertname: 'OrdersLate' });
    await raiseExternal(ctx(), 'orders-short', { asset: 'main.orders', alertname: 'OrdersShort' });
    const { id } = await incidentOf('main.orders');
    expect(
      (await api('POST', `/api/v1/incidents/${id}/roles`, { role: 'commander', person: 'ana' })).statusCode,
    ).toBe(200);
    await policyTurn();
    pd.receiver.requests.length = 0;

    // One alert still fires: nothing to say yet.
    a.clock.advance(10 * MIN);
    await raiseExternal(ctx(), 'orders-late', { asset: 'main.orders' }, { status: 'resolved' });
    await policyTurn();
    expect(allClearMessages()).toEqual([]);

    a.clock.advance(5 * MIN);
    await raiseExternal(ctx(), 'orders-short', { asset: 'main.orders' }, { status: 'resolved' });
    await policyTurn();
    const asked = allClearMessages();
    expect(asked.length).toBeGreaterThan(0);
    for (const m of asked) {
      expect(m.severity).toBe('ticket');
      expect(m.text).toContain('ana');
      expect(m.text).toContain('resolve');
    }
    // The pager hears nothing of it: good news wakes nobody.
    expect(JSON.stringify(pd.events())).not.toContain('All alerts resolved');
    expect((await incidentOf('main.orders')).status).not.toBe('resolved');
    const timeline = (await api('GET', `/api/v1/incidents/${id}/timeline`)).json();
    const events = (timeline.items ?? timeline) as Array<{ kind: string }>;
    expect(events.filter((e) => e.kind === 'all_clear')).toHaveLength(1);

    // Once per incident: later turns say nothing more.
    const before = asked.length;
    a.clock.advance(30 * MIN);
    await policyTurn();
    await policyTurn();
    expect(allClearMessages()).toHaveLength(before);
  });

  it('resolves the incident itself when the policy says so, and does not ask', async () => {
    const policy = await api('PUT', '/api/v1/incident-policy', { resolveWhenAlertsClear: true });
    expect(policy.statusCode).toBe(200);
    expect(policy.json().resolveWhenAlertsClear).toBe(true);
    hook.requests.length = 0;

    await raiseExternal(ctx(), 'users-late', { asset: 'main.users', alertname: 'UsersLate' });
    a.clock.advance(20 * MIN);
    const clearedAt = a.clock.now().toISOString();
    await raiseExternal(ctx(), 'users-late', { asset: 'main.users' }, { status: 'resolved' });
    a.clock.advance(MIN);
    await policyTurn();
    const incident = await incidentOf('main.users');
    expect(incident.status).toBe('resolved');
    const view = (await api('GET', `/api/v1/incidents/${incident.id}`)).json();
    // Resolved when the data was, not when the job happened to run.
    expect(view.times?.resolvedAt ?? view.resolvedAt).toBe(clearedAt);
    expect(allClearMessages()).toEqual([]);
  });
});
