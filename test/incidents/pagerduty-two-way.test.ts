import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerTurn } from '../support/alert-delivery.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore, testContext } from '../support/stores.js';
import { alertmanagerBody } from './alertmanager-body.js';
import { pagerDutyReceiver } from './pagerduty-receiver.js';

const SECRET = 'whsec-0123456789abcdef';

/** A PagerDuty v3 webhook body for an incident event, as PagerDuty documents it. */
function pagerDutyWebhook(eventType: string, incidentKey: string) {
  return JSON.stringify({
    event: {
      id: '01DEN2HDZ8Q3TWF7CUAB6TSPRH',
      event_type: eventType,
      resource_type: 'incident',
      occurred_at: '2026-07-01T08:05:00.000Z',
      agent: {
        html_url: 'https://acme.pagerduty.com/users/PLH1HKV',
        id: 'PLH1HKV',
        self: 'https://api.pagerduty.com/users/PLH1HKV',
        summary: 'Ana Ops',
        type: 'user_reference',
      },
      client: null,
      data: {
        id: 'PGR0VU2',
        type: 'incident',
        self: 'https://api.pagerduty.com/incidents/PGR0VU2',
        html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
        number: 2,
        status: eventType === 'incident.resolved' ? 'resolved' : 'acknowledged',
        incident_key: incidentKey,
        title: 'Payments lag',
      },
    },
  });
}
const sign = (body: string, secret = SECRET) =>
  `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('two-way PagerDuty', () => {
  let t: TestStore;
  let a: TestApp;
  let pd: Awaited<ReturnType<typeof pagerDutyReceiver>>;
  let turn: () => Promise<void>;
  const ctx = () => testContext(t.store, undefined, a.clock);
  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    a.app.inject({ method, url, headers: a.as.responder, ...(payload ? { payload } : {}) });
  const fire = async (name: string, group: string) => {
    await api(
      'POST',
      '/api/v1/integrations/alertmanager',
      alertmanagerBody([{ name, startsAt: '2026-07-01T07:59:00Z', labels: { asset: `db.${name}` } }], group),
    );
    const alert = (await api('GET', '/api/v1/alerts'))
      .json()
      .items.find((x: { title: string }) => x.title === `${name} fired`);
    const [incident] = (await api('GET', `/api/v1/incidents?asset=db.${name}`)).json().items;
    return { alert, incident };
  };
  const webhook = (body: string, signature?: string) =>
    a.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/pagerduty',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-pagerduty-signature': signature } : {}),
      },
      payload: body,
    });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
    a.clock.set('2026-07-01T08:00:00Z');
    pd = await pagerDutyReceiver(ctx(), 'pd', SECRET);
    turn = workerTurn(ctx);
  });
  afterAll(async () => {
    await pd.receiver.close();
    await a.app.close();
    await t.dispose();
  });

  it('tells PagerDuty when a page is acknowledged and its incident resolved in Vigil, with the same dedup_key', async () => {
    const { alert, incident } = await fire('PaymentsLag', '{}:{team="payments"}');
    await turn();
    const [trigger] = pd.events();
    expect(trigger?.event_action).toBe('trigger');

    expect((await api('POST', `/api/v1/alerts/${alert.id}/acknowledge`)).statusCode).toBe(200);
    await turn();
    const acks = pd.events().filter((e) => e.event_action === 'acknowledge');
    expect(acks.map((e) => e.dedup_key)).toContain(trigger?.dedup_key);

    expect((await api('POST', `/api/v1/incidents/${incident.id}/resolve`, { force: true })).statusCode).toBe(
      200,
    );
    await turn();
    const resolves = pd.events().filter((e) => e.event_action === 'resolve');
    expect(resolves.map((e) => e.dedup_key)).toEqual(
      expect.arrayContaining([trigger?.dedup_key, `incident:${incident.id}`]),
    );
    // Every event in the Events API v2 format: the local receiver refused none.
    expect(pd.refused()).toBe(0);
    for (const e of [...acks, ...resolves]) expect(e.routing_key).toBe(trigger?.routing_key);
  });

  it('acknowledges and resolves in Vigil on a signed PagerDuty v3 webhook, and refuses an unsigned one', async () => {
    const { alert, incident } = await fire('OrdersLag', '{}:{team="orders"}');
    await turn();
    const trigger = pd
      .events()
      .filter((e) => e.event_action === 'trigger')
      .at(-1);

    const forged = pagerDutyWebhook('incident.acknowledged', `incident:${incident.id}`);
    expect((await webhook(forged)).json().error.code).toBe('SIGNATURE_INVALID');
    expect((await webhook(forged, sign(forged, 'not-the-secret'))).statusCode).toBe(403);
    expect((await api('GET', `/api/v1/incidents/${incident.id}`)).json().status).toBe('triage');

    const ack = pagerDutyWebhook('incident.acknowledged', `incident:${incident.id}`);
    const acked = await webhook(ack, `v1=${'0'.repeat(64)},${sign(ack)}`);
    expect(acked.statusCode).toBe(200);
    expect(acked.json()).toMatchObject({ taken: true, target: `incident ${incident.id}` });
    const after = (await api('GET', `/api/v1/incidents/${incident.id}`)).json();
    expect(after.status).toBe('investigating');
    expect(after.times.acknowledgedAt).not.toBeNull();

    // PagerDuty resolves the page Vigil sent for the alert group: the alert resolves in Vigil.
    const resolve = pagerDutyWebhook('incident.resolved', trigger?.dedup_key ?? '');
    expect((await webhook(resolve, sign(resolve))).json()).toMatchObject({ taken: true });
    const now = (await api('GET', '/api/v1/alerts'))
      .json()
      .items.find((x: { id: string }) => x.id === alert.id);
    expect(now.status).toBe('resolved');
  });
});
