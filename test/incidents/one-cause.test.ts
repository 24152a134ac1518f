import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore } from '../support/stores.js';
import { alertmanagerBody } from './alertmanager-body.js';
import { fireAlert } from './fire-alert.js';
import { seedAssets } from './response-fixtures.js';

const MIN = 60_000;

describe('one incident per cause', () => {
  let t: TestStore;
  let a: TestApp;
  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    a.app.inject({ method, url, headers: a.as.responder, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
  });
  afterAll(async () => {
    await a.app.close();
    await t.dispose();
  });

  it('makes one incident of the 12 alerts Alertmanager sent as one group', async () => {
    a.clock.set('2026-04-01T12:00:30Z');
    const alerts = Array.from({ length: 12 }, (_, n) => ({
      name: `KafkaPartitionLag${n}`,
      startsAt: '2026-04-01T12:00:00Z',
      labels: { instance: `broker-${n}:9308`, asset: `kafka.topic_${n}` },
    }));
    const res = await api(
      'POST',
      '/api/v1/integrations/alertmanager',
      alertmanagerBody(alerts, '{}:{cluster="events"}'),
    );
    expect(res.statusCode).toBe(200);
    const incidents = (await api('GET', '/api/v1/incidents')).json().items;
    expect(incidents).toHaveLength(1);
    expect(incidents[0].alertIds).toHaveLength(12);
    expect(incidents[0].affectedAssets).toHaveLength(12);
    const timeline = (await api('GET', `/api/v1/incidents/${incidents[0].id}/timeline`)).json().items;
    const why = timeline.filter((e: { kind: string }) => e.kind === 'correlated');
    expect(why).toHaveLength(11);
    expect(why[0].message).toContain('alertmanager sent it in the same group');

    // Another group is another cause.
    await api(
      'POST',
      '/api/v1/integrations/alertmanager',
      alertmanagerBody([{ name: 'DiskFull', startsAt: '2026-04-01T12:00:10Z' }], '{}:{cluster="db"}'),
    );
    expect((await api('GET', '/api/v1/incidents')).json().items).toHaveLength(2);
  });

  it('names a cascade after its most upstream failing asset, the others its consequences', async () => {
    const at = new Date('2026-04-02T09:00:00Z');
    await seedAssets(
      t.store,
      at,
      [{ name: 'raw.payments' }, { name: 'staging.stg_payments' }, { name: 'marts.daily_revenue' }],
      [
        { from: 'raw.payments', to: 'staging.stg_payments' },
        { from: 'staging.stg_payments', to: 'marts.daily_revenue' },
      ],
    );
    // The mart's check happens to run first; its upstream tables fail a few minutes later.
    const order = ['marts.daily_revenue', 'staging.stg_payments', 'raw.payments'];
    for (const [n, asset] of order.entries())
      await fireAlert(t.store, { fingerprint: asset, asset, at: new Date(at.getTime() + n * 2 * MIN) });

    const incidents = (await api('GET', '/api/v1/incidents?asset=raw.payments')).json().items;
    expect(incidents).toHaveLength(1);
    const incident = (await api('GET', `/api/v1/incidents/${incidents[0].id}`)).json();
    expect(incident.title).toBe('raw.payments failed');
    expect(incident.rootCause.asset).toBe('raw.payments');
    expect(incident.rootCause.consequences.map((c: { asset: string }) => c.asset).sort()).toEqual([
      'marts.daily_revenue',
      'staging.stg_payments',
    ]);
    const timeline = (await api('GET', `/api/v1/incidents/${incident.id}/timeline`)).json().items;
    const named = timeline.filter((e: { kind: string }) => e.kind === 'root_cause').at(-1);
    expect(named.message).toContain('root cause: raw.payments, the most upstream failing asset');
    expect(named.message).toContain(
      'consequences downstream of it: marts.daily_revenue, staging.stg_payments',
    );
  });

  it("drafts the cascade's postmortem with its root cause as the first signal and trigger", async () => {
    const [listed] = (await api('GET', '/api/v1/incidents?asset=raw.payments')).json().items;
    const resolved = await api('POST', `/api/v1/incidents/${listed.id}/resolve`, { force: true });
    expect(resolved.statusCode).toBe(200);
    const drafted = await api('POST', `/api/v1/incidents/${listed.id}/postmortem`, {});
    expect(drafted.statusCode).toBe(201);
    const sections = drafted.json().sections as Array<{ key: string; body: string }>;
    const body = (key: string) => sections.find((s) => s.key === key)?.body ?? '';
    // The mart failed first, but the payments table two hops upstream is what set it off.
    expect(body('trigger')).toContain('The first signal was the page alert "raw.payments failed"');
    expect(body('trigger')).toContain('marts.daily_revenue');
    expect(body('trigger')).not.toContain('first signal was the page alert "marts.daily_revenue');
    expect(body('detection')).toContain('raw.payments');
  });
});
