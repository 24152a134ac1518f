import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { type BrowserSession, chromiumPath, startBrowserSession } from '../support/browser.js';
import { openTestStore, type TestStore } from '../support/stores.js';

/**
 * Every answer — the UI, its files, the server-rendered pages, the API, errors — carries the
 * headers that stop clickjacking, MIME sniffing and injected scripts. The UI is then loaded in a
 * real browser under that policy, and no page may trip it.
 */
let t: TestStore;
let a: TestApp;
let webRoot: string;
beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'vigil-web-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><script src="/assets/app.js"></script>');
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
  t = await openTestStore('pglite');
  a = await buildTestApp(t.store, { webRoot });
});
afterAll(async () => {
  await a?.app.close();
  await t?.dispose();
  rmSync(webRoot, { recursive: true, force: true });
});

function directives(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

it('sends the security headers on every kind of answer', async () => {
  const requests = [
    { url: '/' },
    { url: '/monitors/abc' },
    { url: '/assets/app.js' },
    { url: '/status' },
    { url: '/api/v1/status' },
    { url: '/healthz' },
    { url: '/api/v1/incidents' }, // 401
    { url: '/api/v1/incidents', headers: a.as.viewer },
    { url: '/api/v1/tokens', headers: a.as.viewer }, // 403
    { url: '/api/v1/no-such-route' }, // 404
    { url: '/api/v1/alert-links?token=not-a-signed-link-at-all' },
  ];
  const missing: string[] = [];
  for (const request of requests) {
    const res = await a.app.inject({ method: 'GET', ...request });
    const name = `${request.url} (${res.statusCode})`;
    const h = res.headers;
    if (h['x-frame-options'] !== 'DENY') missing.push(`${name}: x-frame-options ${h['x-frame-options']}`);
    if (h['x-content-type-options'] !== 'nosniff') missing.push(`${name}: x-content-type-options`);
    if (!h['referrer-policy']) missing.push(`${name}: referrer-policy`);
    const csp = directives(String(h['content-security-policy'] ?? ''));
    const scripts = csp.get('script-src') ?? csp.get('default-src');
    if (!scripts) missing.push(`${name}: no script-src`);
    else if (scripts.some((s) => ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:'].includes(s)))
      missing.push(`${name}: script-src ${scripts.join(' ')}`);
    if (csp.get('frame-ancestors')?.join(' ') !== "'none'") missing.push(`${name}: frame-ancestors`);
    if (csp.get('object-src')?.join(' ') !== "'none'") missing.push(`${name}: object-src`);
    // Vigil is often reached over plain HTTP on a private network: upgrading its own requests to
    // HTTPS would break the UI there.
    if (csp.has('upgrade-insecure-requests')) missing.push(`${name}: upgrade-insecure-requests`);
  }
  expect(missing).toEqual([]);
});

it('keeps the UI free of inline scripts, which the policy forbids', () => {
  const html = readFileSync(resolve(import.meta.dirname, '..', '..', 'web', 'index.html'), 'utf8');
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(
    ([, attributes, body]) => !/\bsrc=/.test(attributes ?? '') && (body ?? '').trim() !== '',
  );
  expect(inline.map(([tag]) => tag)).toEqual([]);
});

describe.skipIf(!chromiumPath)('the UI under its policy in Chromium', () => {
  let s: BrowserSession;
  const violations: string[] = [];
  beforeAll(async () => {
    s = await startBrowserSession({ signIn: false });
    s.page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    // A string, not a function: this file is type-checked without the DOM library.
    await s.page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
      console.error('Refused to load ' + e.blockedURI + ' (' + e.violatedDirective + ')'))`);
  }, 180_000);
  afterAll(() => s?.close());

  it('signs in and opens every section without one policy violation', async () => {
    const { page, baseUrl } = s;
    const answer = await page.goto(`${baseUrl}/`);
    expect(answer?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByLabel('API token').fill(s.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await s.heading('Overview').waitFor();
    for (const section of ['Sources', 'Monitors', 'Alerts', 'Incidents']) {
      await s.nav(section).click();
      await s.heading(new RegExp(section, 'i')).waitFor();
    }
    for (const path of [
      '/catalog',
      '/pipelines',
      '/slos',
      '/inbox',
      '/settings/on-call',
      '/settings/maintenance',
    ]) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
    }
    await page.goto(`${baseUrl}/status`);
    await page.waitForLoadState('load');
    expect(violations).toEqual([]);
    // And the policy does its work: a script injected into the page (as an XSS would) never runs.
    await page.evaluate(`(() => {
      const el = document.createElement('script');
      el.textContent = 'window.injected = true';
      document.head.appendChild(el);
    })()`);
    expect(await page.evaluate('window.injected === true')).toBe(false);
    await expect.poll(() => violations.length).toBeGreaterThan(0);
  }, 120_000);
});
