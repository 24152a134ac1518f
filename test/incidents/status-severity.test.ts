import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore } from '../support/stores.js';
import { seedAssets } from './response-fixtures.js';

const MIN = 60_000;

describe('the public status page', () => {
  let t: TestStore;
  let a: TestApp;
  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    a.app.inject({ method, url, headers: a.as.responder, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
    a.clock.set('2026-06-01T08:00:00Z');
  });
  afterAll(async () => {
    await a.app.close();
    await t.dispose();
  });

  it('lists a downstream asset under the most severe open incident that hit it, not a later lesser one', async () => {
    await seedAssets(
      t.store,
      a.clock.now(),
      [{ name: 'raw.payments' }, { name: 'raw.fx_rates' }, { name: 'marts.daily_revenue' }],
      [
        { from: 'raw.payments', to: 'marts.daily_revenue' },
        { from: 'raw.fx_rates', to: 'marts.daily_revenue' },
      ],
    );
    const sev1 = await api('POST', '/api/v1/incidents', {
      title: 'Payments export missing',
      severity: 'SEV1',
      affectedAssets: ['raw.payments'],
    });
    expect(sev1.statusCode).toBe(201);
    // An hour later an unrelated, minor problem on another table the mart reads.
    a.clock.advance(60 * MIN);
    const sev3 = await api('POST', '/api/v1/incidents', {
      title: 'FX rates a day old',
      severity: 'SEV3',
      affectedAssets: ['raw.fx_rates'],
    });
    expect(sev3.statusCode).toBe(201);

    const status = (await api('GET', '/api/v1/status?asset=marts.daily_revenue')).json();
    expect(status.degraded).toHaveLength(1);
    expect(status.degraded[0]).toMatchObject({
      asset: 'marts.daily_revenue',
      state: 'downstream',
      via: 'raw.payments',
      incident: { title: 'Payments export missing', severity: 'SEV1' },
    });
    const html = await a.app.inject({ method: 'GET', url: '/status?asset=marts.daily_revenue' });
    expect(html.body).toContain('SEV1');
    expect(html.body).not.toContain('FX rates a day old');

    // The same holds whichever came first: a later SEV1 takes over from an earlier SEV3.
    a.clock.advance(10 * MIN);
    await api('POST', '/api/v1/incidents', {
      title: 'Orders feed stalled',
      severity: 'SEV4',
      affectedAssets: ['raw.orders'],
    });
    await seedAssets(
      t.store,
      a.clock.now(),
      [{ name: 'raw.orders' }],
      [{ from: 'raw.orders', to: 'marts.daily_revenue' }],
    );
    const again = (await api('GET', '/api/v1/status?asset=marts.daily_revenue')).json();
    expect(again.degraded[0].incident.severity).toBe('SEV1');
  });
});
