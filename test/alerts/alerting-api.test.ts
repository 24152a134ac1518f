import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_MAPPINGS } from '../../src/ingest/webhook-mapping/index.js';
import { outboundPolicy } from '../../src/notify/index.js';
import { type Receiver, startReceiver } from '../../src/notify/testing/receiver.js';
import {
  DEFAULT_DISPATCH,
  dispatchOutbox,
  NotifierCache,
} from '../../src/services/alerts/dispatch-outbox.js';
import { ingestExternalAlerts } from '../../src/services/alerts/ingest-external-alerts.js';
import { processDueGroups } from '../../src/services/alerts/process-groups.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, testContext, testSecrets, type TestStore } from '../support/stores.js';

const notifier = { policy: outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }), timeoutMs: 5_000 };
const HOUR = 3_600_000;
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../src/ingest/webhook-mapping/fixtures/${name}.json`, import.meta.url), 'utf8'),
  );

describe('alerting API: maintenance, working hours, signed links, templates, inbound webhooks', () => {
  let t: TestStore;
  let a: TestApp;
  let hook: Receiver;
  let ctx: ReturnType<typeof testContext>;
  const notifiers = new NotifierCache(testSecrets);
  const turn = async () => {
    await processDueGroups(ctx, { publicUrl: 'https://vigil.example.com' });
    await dispatchOutbox(ctx, notifiers, { ...DEFAULT_DISPATCH, notifier });
  };
  const bodies = () =>
    hook.requests.map(
      (r) => JSON.parse(r.body) as { title: string; status: string; links: Record<string, string> },
    );
  const raise = (
    fingerprint: string,
    asset: string,
    severity: 'page' | 'ticket' | 'log',
    status: 'firing' | 'resolved' = 'firing',
  ) =>
    ingestExternalAlerts({
      ctx,
      input: {
        alerts: [
          {
            source: 'test',
            fingerprint,
            status,
            title: `${fingerprint} broke`,
            severity,
            labels: { asset },
            annotations: {},
          },
        ],
      },
    });
  const api = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    role: 'admin' | 'responder' = 'admin',
  ) =>
    a.app.inject({
      method,
      url,
      headers: a.as[role],
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const eventsOf = (fingerprint: string) =>
    t.store.db
      .selectFrom('alert_events')
      .innerJoin('alerts', 'alerts.id', 'alert_events.alert_id')
      .select(['alert_events.kind', 'alert_events.message'])
      .where('alerts.fingerprint', '=', `test:${fingerprint}`)
      .execute();

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store, { notify: notifier });
    ctx = testContext(t.store, undefined, a.clock);
    hook = await startReceiver();
    expect(
      (
        await api('POST', '/api/v1/channels', {
          name: 'hook',
          kind: 'webhook',
          config: { url: `${hook.origin}/in` },
        })
      ).statusCode,
    ).toBe(201);
    const routing = {
      route: { receiver: 'hook', group_by: ['asset'], group_wait: '0s', group_interval: '1m' },
    };
    expect((await api('PUT', '/api/v1/routing', routing)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await hook.close();
    await a.app.close();
    await t.dispose();
  });
  beforeEach(() => {
    hook.requests.length = 0;
  });

  it('a maintenance window records alerts without notifying; a notified firing still gets its resolution', async () => {
    const opened = await api(
      'POST',
      '/api/v1/maintenance-windows',
      { asset: 'shop.orders', reason: 'backfill of March', for: '2h' },
      'responder',
    );
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({ scope: 'asset', target: 'shop.orders', state: 'open' });
    await raise('m1', 'shop.orders', 'page');
    await turn();
    expect(hook.requests).toHaveLength(0);
    expect(await eventsOf('m1')).toContainEqual({
      kind: 'held',
      message: expect.stringContaining('in a maintenance window'),
    });

    await raise('m2', 'shop.users', 'page');
    await turn();
    expect(bodies().map((b) => b.title)).toEqual(['[FIRING] m2 broke']);
    await api(
      'POST',
      '/api/v1/maintenance-windows',
      { asset: 'shop.users', reason: 'migration', for: '1h' },
      'responder',
    );
    a.clock.advance(2 * 60_000);
    await raise('m2', 'shop.users', 'page', 'resolved');
    await turn();
    expect(bodies().map((b) => b.title)).toEqual(['[FIRING] m2 broke', '[RESOLVED] m2 broke']);

    // The backfill ends: the window closes and what still fires is notified.
    const ended = await api('POST', '/api/v1/maintenance-windows/end', { asset: 'shop.orders' }, 'responder');
    expect(ended.json().ended).toHaveLength(1);
    a.clock.advance(2 * 60_000);
    await turn();
    expect(bodies().map((b) => b.title)).toContain('[FIRING] m1 broke');
    await raise('m1', 'shop.orders', 'page', 'resolved');
    a.clock.advance(2 * 60_000);
    await turn();
    expect(bodies().map((b) => b.title)).toContain('[RESOLVED] m1 broke');
  });

  it('a recurring window on a source holds its alerts back during each occurrence only', async () => {
    const opened = await api('POST', '/api/v1/maintenance-windows', {
      source: 'warehouse',
      reason: 'nightly vacuum',
      startsAt: '2026-01-01T00:00:00Z',
      recurrence: { cron: '0 2 * * *', duration: '1h', timeZone: 'Europe/Berlin' },
    });
    expect(opened.statusCode).toBe(201);
    const fire = (fingerprint: string) =>
      ingestExternalAlerts({
        ctx,
        input: {
          alerts: [
            {
              source: 'test',
              fingerprint,
              status: 'firing',
              title: `${fingerprint} broke`,
              severity: 'page',
              labels: { asset: `wh.${fingerprint}`, source: 'warehouse' },
              annotations: {},
            },
          ],
        },
      });
    a.clock.set('2026-01-07T01:30:00Z'); // 02:30 in Berlin: inside tonight's occurrence
    await fire('v1');
    await turn();
    expect(hook.requests).toHaveLength(0);
    a.clock.set('2026-01-07T03:30:00Z'); // 04:30: the occurrence is over
    await fire('v2');
    await turn();
    expect(
      bodies()
        .map((b) => b.title)
        .sort(),
    ).toEqual(['[FIRING] v1 broke', '[FIRING] v2 broke']);
    for (const f of ['v1', 'v2'])
      await ingestExternalAlerts({
        ctx,
        input: {
          alerts: [
            {
              source: 'test',
              fingerprint: f,
              status: 'resolved',
              title: `${f} broke`,
              severity: 'page',
              labels: { asset: `wh.${f}`, source: 'warehouse' },
              annotations: {},
            },
          ],
        },
      });
    a.clock.advance(2 * 60_000);
    await turn();
    const id = opened.json().id as string;
    expect(
      (await api('POST', `/api/v1/maintenance-windows/${id}/end`, undefined, 'responder')).json().ended,
    ).toEqual([id]);
  });

  it('a recurring window needs a valid cron and zone', async () => {
    const bad = await api('POST', '/api/v1/maintenance-windows', {
      source: 'warehouse',
      reason: 'nightly vacuum',
      recurrence: { cron: '0 2 * * *', duration: '1h', timeZone: 'Mars/Olympus' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toContainEqual({
      path: 'recurrence.timeZone',
      message: 'unknown time zone Mars/Olympus',
    });
  });

  it('a ticket waits for working hours and is notified once; a log alert is only recorded', async () => {
    const saved = await api('PUT', '/api/v1/alerting/settings', {
      workingHours: {
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        start: '09:00',
        end: '17:00',
        timeZone: 'Europe/Berlin',
      },
    });
    expect(saved.statusCode).toBe(200);
    a.clock.set('2026-01-10T12:00:00Z'); // a Saturday
    await raise('t1', 'shop.tickets', 'ticket');
    await raise('l1', 'shop.logs', 'log');
    await turn();
    expect(bodies().map((b) => b.title)).toEqual([]);
    a.clock.set('2026-01-12T08:00:00Z'); // Monday 09:00 in Berlin
    await turn();
    expect(bodies().map((b) => b.title)).toEqual(['[FIRING] t1 broke']);
    a.clock.advance(30 * HOUR);
    await turn();
    expect(hook.requests).toHaveLength(1);
    expect(await eventsOf('l1')).toEqual([{ kind: 'fired', message: 'l1 broke' }]);
    await api('PUT', '/api/v1/alerting/settings', { workingHours: null });
  });

  it('acknowledges by a signed link: GET confirms, POST acts once; altered or expired links are refused', async () => {
    await raise('p1', 'shop.pay', 'page');
    await turn();
    const link = bodies()[0]?.links.acknowledge ?? '';
    expect(link).toMatch(/^https:\/\/vigil\.example\.com\/api\/v1\/alert-links\?token=[\w-]+\.[\w-]+$/);
    const path = new URL(link).pathname + new URL(link).search;
    const page = await a.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post">');
    const [alertBefore] = await t.store.db
      .selectFrom('alerts')
      .selectAll()
      .where('fingerprint', '=', 'test:p1')
      .execute();
    expect(alertBefore?.acknowledged_at).toBeNull(); // a GET never acts

    const altered = await a.app.inject({ method: 'POST', url: `${path.slice(0, -3)}abc` });
    expect(altered.statusCode).toBe(403);
    a.clock.advance(90_000);
    const done = await a.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(done.statusCode).toBe(200);
    const alert = (await api('GET', `/api/v1/alerts/${alertBefore?.id}`)).json();
    expect(alert).toMatchObject({ acknowledgedBy: 'signed link', timeToAcknowledgeSeconds: 90 });
    expect((await a.app.inject({ method: 'POST', url: path })).statusCode).toBe(409);

    const resolveUrl = new URL(bodies()[0]?.links.resolve ?? '');
    const resolvePath = resolveUrl.pathname + resolveUrl.search;
    a.clock.advance(73 * HOUR);
    const expired = await a.app.inject({ method: 'POST', url: resolvePath });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('expired');
  });

  it('templates are edited by API; an unknown variable is refused by name', async () => {
    const vars = (await api('GET', '/api/v1/templates/variables'))
      .json()
      .items.map((v: { name: string }) => v.name);
    expect(vars).toContain('asset');
    const bad = await api('PUT', '/api/v1/channels/hook/templates', {
      title: '{{severity}}: {{titel}} on {{asset}}',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({
      path: 'body.title',
      message: expect.stringContaining('unknown variable "titel"'),
    });
    const ok = await api('PUT', '/api/v1/channels/hook/templates', {
      title: '{{severity}}: {{title}} on {{asset}}',
    });
    expect(ok.statusCode).toBe(200);
    const channel = (await api('GET', '/api/v1/channels'))
      .json()
      .items.find((c: { name: string }) => c.name === 'hook');
    expect(channel.config.templates).toEqual({ title: '{{severity}}: {{title}} on {{asset}}' });
  });

  it('takes Grafana and Datadog bodies through saved mappings, each integration with its own token', async () => {
    const { name: _g, ...grafana } = EXAMPLE_MAPPINGS.grafana;
    const { name: _d, ...datadog } = EXAMPLE_MAPPINGS.datadog;
    const g = await api('POST', '/api/v1/integrations/inbound', { name: 'grafana', mapping: grafana });
    const d = await api('POST', '/api/v1/integrations/inbound', { name: 'datadog', mapping: datadog });
    expect(g.statusCode).toBe(201);
    const gPath = new URL(g.json().url).pathname;
    const dPath = new URL(d.json().url).pathname;
    expect(gPath).not.toEqual(dPath);

    const fromGrafana = await a.app.inject({ method: 'POST', url: gPath, payload: fixture('grafana') });
    expect(fromGrafana.statusCode).toBe(200);
    expect(fromGrafana.json()).toMatchObject({ integration: 'grafana', changes: [{ change: 'fired' }] });
    const fromDatadog = await a.app.inject({ method: 'POST', url: dPath, payload: fixture('datadog') });
    expect(fromDatadog.json().changes).toEqual([
      { fingerprint: 'a4f3c1a0e1b2d3c4f5a6b7c8d9e0f1a2', change: 'fired' },
    ]);
    const stored = await t.store.db
      .selectFrom('alerts')
      .selectAll()
      .where('origin', '=', 'external')
      .where('fingerprint', 'like', 'datadog:%')
      .execute();
    expect(stored).toMatchObject([
      {
        severity: 'page',
        title: expect.stringContaining('Row count of fct_orders'),
        labels: { host: 'warehouse-loader-2' },
      },
    ]);

    const count = async () => (await t.store.db.selectFrom('alerts').select('id').execute()).length;
    const before = await count();
    const malformed = await a.app.inject({
      method: 'POST',
      url: dPath,
      payload: { ...fixture('datadog'), transition: { nested: true } },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].path).toBe('body.transition');
    expect(await count()).toBe(before);
    expect(
      (await a.app.inject({ method: 'POST', url: '/api/v1/integrations/inbound/in_nope', payload: {} }))
        .statusCode,
    ).toBe(404);

    const badMapping = await api('POST', '/api/v1/integrations/inbound', {
      name: 'cw',
      mapping: { title: { path: 'a..b' } },
    });
    expect(badMapping.statusCode).toBe(400);
  });

  it('schedules and escalation policies are stored and edited by API', async () => {
    const put = await api('PUT', '/api/v1/schedules/primary', {
      timeZone: 'Europe/Berlin',
      rotations: [
        { name: 'weekly', participants: ['ana'], start: '2026-01-05', handoffTime: '09:00', length: '1w' },
      ],
      contacts: { ana: 'hook' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().onCallNow[0]).toMatchObject({ person: 'ana', rotation: 'weekly' });
    const badZone = await api('PUT', '/api/v1/schedules/primary', {
      timeZone: 'Nowhere/City',
      rotations: [
        { name: 'weekly', participants: ['zed'], start: '2026-01-05', handoffTime: '9am', length: '1w' },
      ],
      contacts: {},
    });
    expect(badZone.json().error.details.map((e: { path: string }) => e.path)).toEqual([
      'timeZone',
      'rotations[0].handoffTime',
      'contacts.zed',
    ]);
    const policy = await api('PUT', '/api/v1/escalation-policies/default', {
      levels: [
        { targets: ['schedule:primary'], delayMinutes: 5 },
        { targets: ['hook'], delayMinutes: 10 },
      ],
      repeat: 2,
    });
    expect(policy.statusCode).toBe(200);
    expect((await api('GET', '/api/v1/escalation-policies')).json().items).toHaveLength(1);
    expect((await api('DELETE', '/api/v1/escalation-policies/default')).statusCode).toBe(204);
  });
});
