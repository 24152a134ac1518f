import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { routeList, sampleUrl } from '../support/route-list.js';
import { openTestStore, type TestStore } from '../support/stores.js';

/**
 * The router decodes %-escapes before it matches, so `/%61pi/v1/audit` is the audit route. Access
 * must follow the matched route: an escaped letter anywhere in the path may never turn a 401 into
 * an answer with data. The built UI is served too, so its catch-all route is part of the walk.
 */
let t: TestStore;
let a: TestApp;
let webRoot: string;
beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'vigil-web-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Vigil</title><div id="root"></div>');
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
  t = await openTestStore('pglite');
  a = await buildTestApp(t.store, { webRoot });
});
afterAll(async () => {
  await a?.app.close();
  await t?.dispose();
  rmSync(webRoot, { recursive: true, force: true });
});

/** One variant per path segment: that segment's first letter written as a %-escape. */
function escapedVariants(url: string): string[] {
  const segments = url.split('/');
  const variants: string[] = [];
  segments.forEach((segment, i) => {
    const at = segment.search(/[a-z]/i);
    if (at < 0) return;
    const hex = segment.charCodeAt(at).toString(16);
    const escaped = `${segment.slice(0, at)}%${hex}${segment.slice(at + 1)}`;
    variants.push([...segments.slice(0, i), escaped, ...segments.slice(i + 1)].join('/'));
  });
  return variants;
}

it('never answers an escaped path without a token when the plain path needs one', async () => {
  const guarded: string[] = [];
  const leaks: string[] = [];
  for (const { method, path } of routeList(a.app)) {
    if (method !== 'GET' || path.includes('*')) continue;
    const url = sampleUrl(path);
    const plain = await a.app.inject({ method: 'GET', url });
    if (plain.statusCode !== 401) continue; // public by declaration (health, status page, pings, UI)
    guarded.push(path);
    for (const variant of escapedVariants(url)) {
      const res = await a.app.inject({ method: 'GET', url: variant });
      if (res.statusCode !== 401 && res.statusCode !== 404) leaks.push(`${variant} -> ${res.statusCode}`);
    }
  }
  expect(leaks).toEqual([]);
  // The routes named in the report are among those walked (a guard against an empty walk).
  for (const path of [
    '/api/v1/audit',
    '/api/v1/tokens',
    '/api/v1/users',
    '/api/v1/trash',
    '/api/v1/alerts',
    '/api/v1/incidents',
    '/metrics',
  ])
    expect(guarded).toContain(path);
  expect(guarded.length).toBeGreaterThan(40);
});

it('answers the report’s exact request 401, not the audit log', async () => {
  const res = await a.app.inject({ method: 'GET', url: '/%61pi/v1/audit' });
  expect(res.statusCode).toBe(401);
  expect(res.json().error.code).toBe('UNAUTHENTICATED');
  expect((await a.app.inject({ url: '/ap%69/v1/tokens' })).statusCode).toBe(401);
});

it('does not answer an escaped unknown API path with the UI page', async () => {
  const res = await a.app.inject({ method: 'GET', url: '/%61pi/v1/no-such-thing' });
  expect(res.statusCode).toBe(404);
  // A page path of the UI still answers the page, so reloads and shared links work.
  const page = await a.app.inject({ method: 'GET', url: '/monitors/abc' });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('<div id="root">');
  // The UI's own files are public by declaration: the page and its scripts load without a token.
  expect((await a.app.inject({ url: '/' })).statusCode).toBe(200);
  expect((await a.app.inject({ url: '/assets/app.js' })).statusCode).toBe(200);
  expect((await a.app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
});

it('answers a broken %-escape and an over-long path segment with a coded error, not a bare framework one', async () => {
  const broken = await a.app.inject({ method: 'GET', url: '/api/v1/assets/%E0%A4%A' });
  expect(broken.statusCode).toBe(400);
  expect(broken.json().error.code).toBe('VALIDATION_FAILED');
  expect(broken.headers['x-content-type-options']).toBe('nosniff');
  const long = await a.app.inject({ method: 'GET', url: `/api/v1/assets/${'x'.repeat(1_500)}` });
  expect([400, 404]).toContain(long.statusCode);
  expect(long.json().error.code).toMatch(/^(VALIDATION_FAILED|NOT_FOUND)$/);
});

it('takes an asset name with its namespace longer than 100 characters (a warehouse URL and a table)', async () => {
  const name = encodeURIComponent(
    `postgres://warehouse.example.internal:5432/analytics.${'s'.repeat(60)}.orders`,
  );
  const res = await a.app.inject({ method: 'GET', url: `/api/v1/assets/${name}`, headers: a.as.viewer });
  expect(res.statusCode).toBe(404);
  expect(res.json().error.code).toBe('NOT_FOUND');
});
