import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHeartbeats } from '../../src/services/heartbeats.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, testContext, type TestStore } from '../support/stores.js';

describe("heartbeats (dead-man's switch)", () => {
  let t: TestStore;
  let a: TestApp;
  let ctx: ReturnType<typeof testContext>;
  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
    ctx = testContext(t.store, undefined, a.clock);
  });
  afterAll(async () => {
    await a.app.close();
    await t.dispose();
  });

  const alerts = () =>
    t.store.db.selectFrom('alerts').selectAll().where('origin', '=', 'heartbeat').execute();
  const ping = async (url: string, suffix = '') =>
    (await a.app.inject({ method: 'POST', url: `${new URL(url).pathname}${suffix}` })).json();

  it('alerts when a job misses its period plus grace, and resolves on the next ping', async () => {
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/heartbeats',
      headers: a.as.admin,
      payload: { name: 'nightly load', schedule: { period: '1h' }, grace: '10m' },
    });
    expect(res.statusCode).toBe(201);
    const { pingUrl } = res.json();
    expect(pingUrl).toMatch(/\/api\/v1\/heartbeats\/hb_/);
    expect(await ping(pingUrl)).toEqual({ status: 'up' });

    a.clock.advance(65 * 60_000); // late but within grace
    expect(await checkHeartbeats({ ctx })).toBe(0);
    a.clock.advance(6 * 60_000); // 71 min: past 1h + 10m
    expect(await checkHeartbeats({ ctx })).toBe(1);
    expect(await checkHeartbeats({ ctx })).toBe(0); // one alert, not one per check
    const [fired] = await alerts();
    expect(fired).toMatchObject({ status: 'firing', title: 'heartbeat nightly load' });
    expect(fired?.summary).toMatch(/has not pinged since/);

    expect(await ping(pingUrl)).toEqual({ status: 'up' });
    expect((await alerts())[0]?.status).toBe('resolved');
  });

  it('alerts when a started run does not finish within the grace time, and at once on /fail', async () => {
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/heartbeats',
      headers: a.as.admin,
      payload: {
        name: 'dbt build',
        schedule: { cron: '0 6 * * *', timeZone: 'Europe/Berlin' },
        grace: '30m',
        severity: 'ticket',
      },
    });
    const { pingUrl } = res.json();
    expect(await ping(pingUrl, '/start?rid=run-1')).toEqual({ status: 'running' });
    a.clock.advance(31 * 60_000);
    expect(await checkHeartbeats({ ctx })).toBe(1);
    const hung = (await alerts()).find((x) => x.title === 'heartbeat dbt build');
    expect(hung?.summary).toMatch(/has not finished within its grace time \(30m\)/);

    expect(await ping(pingUrl, '?rid=run-1')).toEqual({ status: 'up' });
    expect(await ping(pingUrl, '/fail?rid=run-2')).toEqual({ status: 'down' });
    const failed = (await alerts()).find((x) => x.title === 'heartbeat dbt build');
    expect(failed).toMatchObject({
      status: 'firing',
      summary: 'dbt build reported a failed run (run run-2)',
    });
  });

  it('refuses an unknown token with 404 and a bad schedule with the field path', async () => {
    const unknown = await a.app.inject({ method: 'GET', url: '/api/v1/heartbeats/hb_nope' });
    expect(unknown.statusCode).toBe(404);
    const bad = await a.app.inject({
      method: 'POST',
      url: '/api/v1/heartbeats',
      headers: a.as.admin,
      payload: { name: 'x', schedule: { period: 'hourly' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('body.schedule.period');
  });
});
