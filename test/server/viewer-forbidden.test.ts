import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { routeList, sampleUrl } from '../support/route-list.js';
import { openTestStore, type TestStore } from '../support/stores.js';

/**
 * Every route that changes something checks its role: a viewer token gets 403 on each one, before
 * the body is even read. Routes open without a token (pings, intake with their own secret, the
 * status page) answer something other than 401 without one and are left out.
 */
let t: TestStore;
let a: TestApp;
beforeAll(async () => {
  t = await openTestStore('pglite');
  a = await buildTestApp(t.store);
});
afterAll(async () => {
  await a.app.close();
  await t.dispose();
});

const WRITE = ['post', 'put', 'patch', 'delete'] as const;

/** POST routes that change nothing (a body is the question), open to viewers on purpose. */
const READ_ONLY_POSTS = new Set(['POST /api/v1/monitors/:id/backtest']);

/** Writes every signed-in user may make about themselves: a viewer signs out too. */
const OWN_SESSION = new Set(['DELETE /api/v1/session']);

it('refuses a viewer on every write route with 403 FORBIDDEN', async () => {
  const checked: string[] = [];
  const wrong: string[] = [];
  for (const { method, path } of routeList(a.app)) {
    if (!WRITE.includes(method.toLowerCase() as (typeof WRITE)[number]) || path.includes('*')) continue;
    const m = method as 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    const url = sampleUrl(path);
    const anonymous = await a.app.inject({ method: m, url, payload: {} });
    if (anonymous.statusCode !== 401) continue; // public by design
    if (READ_ONLY_POSTS.has(`${m} ${path}`) || OWN_SESSION.has(`${m} ${path}`)) continue;
    const res = await a.app.inject({ method: m, url, headers: a.as.viewer, payload: {} });
    checked.push(`${m} ${path}`);
    if (res.statusCode !== 403 || res.json().error?.code !== 'FORBIDDEN')
      wrong.push(`${m} ${path} -> ${res.statusCode}`);
  }
  expect(wrong).toEqual([]);
  // The incident routes are among those checked (a guard against an empty walk).
  for (const route of [
    'POST /api/v1/incidents',
    'POST /api/v1/incidents/:id/roles',
    'POST /api/v1/incidents/:id/reports',
    'POST /api/v1/incidents/:id/announce',
    'POST /api/v1/incidents/:id/blast-radius/notify',
    'PUT /api/v1/incidents/:id/impact',
    'POST /api/v1/incidents/:id/resolve',
    'PUT /api/v1/assets/:name/runbook',
    'POST /api/v1/code-versions',
    'PUT /api/v1/incident-policy',
  ])
    expect(checked).toContain(route);
});

it('lets a viewer read incidents and the status page, and anyone read the status page', async () => {
  expect((await a.app.inject({ url: '/api/v1/incidents', headers: a.as.viewer })).statusCode).toBe(200);
  expect((await a.app.inject({ url: '/api/v1/status' })).statusCode).toBe(200);
  expect((await a.app.inject({ url: '/status' })).statusCode).toBe(200);
  expect((await a.app.inject({ url: '/api/v1/incidents' })).statusCode).toBe(401);
});
