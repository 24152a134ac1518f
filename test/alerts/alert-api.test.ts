import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore } from '../support/stores.js';
import { outboundPolicy } from '../../src/notify/index.js';

const amPayload = (status: 'firing' | 'resolved') => ({
  version: '4',
  groupKey: '{}:{alertname="HighErrorRate"}',
  truncatedAlerts: 0,
  status,
  receiver: 'vigil',
  groupLabels: { alertname: 'HighErrorRate' },
  commonLabels: { alertname: 'HighErrorRate', severity: 'critical', service: 'checkout' },
  commonAnnotations: { summary: '5xx above 5 % on checkout' },
  externalURL: 'http://alertmanager.example:9093',
  alerts: [
    {
      status,
      labels: { alertname: 'HighErrorRate', severity: 'critical', service: 'checkout' },
      annotations: { summary: '5xx above 5 % on checkout' },
      startsAt: '2026-01-05T08:55:00Z',
      endsAt: status === 'resolved' ? '2026-01-05T09:10:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph',
      fingerprint: 'a1b2c3d4e5f60708',
    },
  ],
});

describe('alerting API', () => {
  let t: TestStore;
  let a: TestApp;
  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store, {
      notify: { policy: outboundPolicy({ allowCidrs: [] }), timeoutMs: 2_000 },
    });
  });
  afterAll(async () => {
    await a.app.close();
    await t.dispose();
  });

  it('takes Alertmanager alerts as Vigil alerts, and resolves them when Alertmanager does', async () => {
    const fire = await a.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/alertmanager',
      headers: a.as.responder,
      payload: amPayload('firing'),
    });
    expect(fire.statusCode).toBe(200);
    expect(fire.json().changes).toEqual([{ fingerprint: 'a1b2c3d4e5f60708', change: 'fired' }]);
    const list = (await a.app.inject({ url: '/api/v1/alerts?status=firing', headers: a.as.viewer })).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      origin: 'external',
      severity: 'page',
      labels: { service: 'checkout', integration: 'alertmanager' },
    });

    const ack = await a.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${list.items[0].id}/acknowledge`,
      headers: a.as.responder,
    });
    expect(ack.json().acknowledgedBy).toBe('responder test');
    const viewer = await a.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${list.items[0].id}/acknowledge`,
      headers: a.as.viewer,
    });
    expect(viewer.statusCode).toBe(403);

    await a.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/alertmanager',
      headers: a.as.responder,
      payload: amPayload('resolved'),
    });
    const detail = (
      await a.app.inject({ url: `/api/v1/alerts/${list.items[0].id}`, headers: a.as.viewer })
    ).json();
    expect(detail.status).toBe('resolved');
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['resolved', 'acknowledged', 'fired']);
    const search = (await a.app.inject({ url: '/api/v1/alerts?q=5xx', headers: a.as.viewer })).json();
    expect(search.items).toHaveLength(1);
  });

  it('refuses a malformed Alertmanager payload with the field path, storing nothing', async () => {
    const before = (await a.app.inject({ url: '/api/v1/alerts', headers: a.as.viewer })).json().items.length;
    const bad = amPayload('firing') as Record<string, unknown>;
    (bad.alerts as Array<Record<string, unknown>>)[0]!.status = 'burning';
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/alertmanager',
      headers: a.as.responder,
      payload: bad,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain('body.alerts[0].status');
    expect((await a.app.inject({ url: '/api/v1/alerts', headers: a.as.viewer })).json().items.length).toBe(
      before,
    );
  });

  it('refuses a channel whose URL points at a private or metadata address, saying why', async () => {
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://10.1.2.3/hook',
    ]) {
      const res = await a.app.inject({
        method: 'POST',
        url: '/api/v1/channels',
        headers: a.as.admin,
        payload: { name: 'hook', kind: 'webhook', config: { url } },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0]).toMatchObject({ path: 'body.config.url' });
      expect(res.json().error.details[0].message).toMatch(/loopback|link-local|metadata|private/i);
    }
    expect((await a.app.inject({ url: '/api/v1/channels', headers: a.as.admin })).json().items).toEqual([]);
  });

  it('validates a routing tree, naming each bad path, and keeps the last good one', async () => {
    const res = await a.app.inject({
      method: 'PUT',
      url: '/api/v1/routing',
      headers: a.as.admin,
      payload: {
        route: { receiver: ['ghost'], group_wait: 'soon', routes: [{ matchers: ['severity=~"(a+)+"'] }] },
      },
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['route.receiver[0]', 'route.group_wait']));
    expect(paths.some((p: string) => p.startsWith('route.routes[0].matchers'))).toBe(true);
    expect((await a.app.inject({ url: '/api/v1/routing', headers: a.as.admin })).json().configured).toBe(
      false,
    );
  });

  it('refuses a silence with a bad matcher or an end before its start', async () => {
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/silences',
      headers: a.as.responder,
      payload: {
        matchers: ['asset=~"(x+)+"', 'ok="1"'],
        startsAt: '2026-01-05T10:00:00Z',
        endsAt: '2026-01-05T09:00:00Z',
        comment: 'test',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'body.matchers[0]',
      'body.endsAt',
    ]);
  });
});
