import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../src/app.js';
import { ManualClock } from '../../src/domain/clock.js';
import { runMonitorNow } from '../../src/services/run-monitor-now.js';
import { type BrowserSession, chromiumPath, startBrowserSession } from '../support/browser.js';

/**
 * The web UI in a real browser against an in-process Vigil: sign in, overview, sources,
 * monitors, a monitor's chart, settings and the trash. One browser and one page for the file;
 * the tests run in order and build on each other, as a person's first session would.
 */
describe.skipIf(!chromiumPath)('web UI in Chromium', () => {
  let s: BrowserSession;
  let vigil: Vigil;
  let page: Page;
  let base: string;
  let token: string;
  let dataDir: string;
  const clock = new ManualClock(new Date(Date.now() - 30 * 3_600_000));
  const shot = (name: string) => s.shot(name);
  const nav = (name: string) => s.nav(name);
  const heading = (name: string | RegExp) => s.heading(name);
  const api = (method: string, path: string, body?: unknown) => s.api(method, path, body);

  beforeAll(async () => {
    s = await startBrowserSession({ clock, signIn: false });
    ({ vigil, page, baseUrl: base, token, dataDir } = s);
  }, 180_000);
  afterAll(() => s?.close());

  it('signs in with an API token and shows the overview with what to do first', async () => {
    await page.goto(`${base}/`);
    await page.getByLabel('API token').fill('vgl_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not accepted');
    await shot('login');

    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Overview').waitFor();
    await page.getByText('Start by adding a source').waitFor();

    // First load of the overview with a kept token: navigation to the status cards drawn.
    const started = performance.now();
    await page.goto(`${base}/`);
    await page.locator('.stat-row').waitFor();
    const ms = performance.now() - started;
    // A string, not a function: this file is type-checked without the DOM library.
    const timing = (await page.evaluate(`(() => {
      const n = performance.getEntriesByType('navigation')[0];
      const api = performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/'));
      return {
        domContentLoaded: n.domContentLoadedEventEnd,
        apiCalls: api.length,
        apiDone: Math.max(...api.map((r) => r.responseEnd)),
      };
    })()`)) as { domContentLoaded: number; apiCalls: number; apiDone: number };
    console.log(
      `overview first load: ${ms.toFixed(0)} ms from navigation to data shown ` +
        `(DOMContentLoaded ${timing.domContentLoaded.toFixed(0)} ms; ${timing.apiCalls} API calls done at ${timing.apiDone.toFixed(0)} ms)`,
    );
    await shot('overview-empty');
  });

  it('adds a DuckDB source with the form, and shows the API message on a bad one', async () => {
    await page.getByRole('link', { name: 'Add a source' }).click();
    await page.getByLabel('Name').fill('warehouse');
    await page.getByLabel('Kind').selectOption('duckdb');
    expect(await page.getByLabel('Database file').inputValue()).toBe(':memory:');
    await page.getByRole('button', { name: 'Create source' }).click();
    await page.getByRole('status').getByText('warehouse').waitFor();
    await page.getByRole('cell', { name: 'duckdb' }).waitFor();

    // The same name again: the API refuses, and its message is shown next to the form.
    await page.getByRole('button', { name: 'Add source' }).click();
    await page.getByLabel('Name').fill('warehouse');
    await page.getByRole('button', { name: 'Create source' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('exists already');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await shot('sources');
  });

  it('creates a monitor, lists it and opens it', async () => {
    await nav('Monitors').click();
    await page.getByRole('link', { name: 'New monitor' }).click();
    await page.getByLabel('Name').fill('orders answer');
    await page.getByLabel('Kind').selectOption('custom_sql');
    await page.getByLabel('Table').fill('main.orders');
    await page.getByLabel('SQL').fill('SELECT 42');
    await shot('monitor-new');
    await page.getByRole('button', { name: 'Create monitor' }).click();
    await heading(/orders answer/).waitFor();

    // Run now shows the check's value and band, or the API's own reason it could not run.
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.locator('.run-result, .error-box').first().waitFor();
    await shot('monitor-run');
    if (await page.locator('.run-result').count())
      expect(await page.locator('.run-result').textContent()).toContain('42');

    await nav('Monitors').click();
    await heading('Monitors').waitFor();
    await page.getByRole('link', { name: 'orders answer' }).waitFor();
    await page.getByRole('link', { name: 'orders answer' }).click();
    await heading(/orders answer/).waitFor();
  });

  it('draws the metric line, the expected band and failures on a monitor with history', async () => {
    // A CSV lake table whose value the test changes between runs: a steady series, then a spike.
    const csv = join(dataDir, 'metric.csv');
    writeFileSync(csv, 'v\n100\n');
    const source = await api('POST', '/api/v1/sources', {
      name: 'lake',
      kind: 'duckdb',
      config: { path: ':memory:', lake: [{ name: 'metric', path: csv, format: 'csv' }] },
    });
    const monitor = await api('POST', '/api/v1/monitors', {
      name: 'daily revenue',
      kind: 'custom_sql',
      source: source?.id,
      asset: 'lake.metric',
      // Fixed bounds make the failures certain; a learned band would depend on the detector's tuning.
      config: { sql: 'SELECT v FROM lake.metric', bounds: { min: 90, max: 115 } },
      schedule: { every: '1h' },
      severity: 'page',
      owner: 'finance-data',
    });
    const values = [
      100, 104, 98, 103, 101, 99, 105, 102, 100, 97, 103, 101, 99, 84, 100, 104, 131, 102, 101, 126,
    ];
    for (const v of values) {
      writeFileSync(csv, `v\n${v}\n`);
      clock.advance(3_600_000);
      const r = await runMonitorNow({
        ctx: vigil.systemContext,
        input: { id: String(monitor?.id), deps: vigil.runner },
      });
      console.log(v, r.status, r.observed, r.expected, r.message);
    }

    await page.goto(`${base}/monitors/${String(monitor?.id)}`);
    await heading(/daily revenue/).waitFor();
    await page.locator('.chart-line').waitFor();
    await shot('monitor-detail');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot('monitor-detail-1920');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.locator('.chart-band').count()).toBeGreaterThan(0);
    expect(await page.locator('.chart-fail').count()).toBeGreaterThan(0);
    // Times are the reader's; hovering gives UTC.
    expect(await page.locator('td time').first().getAttribute('title')).toMatch(/UTC$/);

    await page.goto(`${base}/`);
    await page.locator('.stat-row').waitFor();
    expect(await page.locator('.stat-fail .stat-value').textContent()).toBe('1');
    await shot('overview');
    await nav('Monitors').click();
    await page.getByRole('link', { name: 'daily revenue' }).waitFor();
    await shot('monitors');
  });

  it('deletes a monitor, finds it in the trash and restores it', async () => {
    await page.getByRole('link', { name: 'orders answer' }).click();
    await heading(/orders answer/).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await heading('Monitors').waitFor();
    await page.getByRole('link', { name: 'orders answer' }).waitFor({ state: 'detached' });

    await nav('Trash').click();
    const row = page.getByRole('row', { name: /orders answer/ });
    await row.waitFor();
    await shot('trash');
    await row.getByRole('button', { name: /Restore/ }).click();
    await page.getByRole('status').getByText('Restored monitor orders answer').waitFor();
    await page.getByRole('row', { name: /orders answer/ }).waitFor({ state: 'detached' });

    await nav('Monitors').click();
    await page.getByRole('link', { name: 'orders answer' }).waitFor();
  });

  it('creates a token whose secret shows once, and lists the audit log', async () => {
    await nav('API tokens').click();
    await page.getByLabel('Name').fill('airflow-prod');
    await page.getByLabel('Role').selectOption('responder');
    await page.getByRole('button', { name: 'Create token' }).click();
    expect(await page.locator('.secret').textContent()).toMatch(/^vgl_/);
    await page.getByRole('cell', { name: /airflow-prod/ }).waitFor();
    await shot('tokens');

    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }).click();
    await page
      .getByRole('cell', { name: /airflow-prod/ })
      .first()
      .waitFor();
    await shot('audit');
  });

  it('shows the SLOs page with what to do when there are none, and keeps a reload on a page', async () => {
    await nav('SLOs').click();
    // "Not available yet" on a server without the SLO routes.
    const empty = page.getByText(/No SLOs yet|Not available yet/);
    await empty.waitFor();
    await shot('slos-empty');

    await page.reload();
    await empty.waitFor();
  });

  it('follows a dark colour scheme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${base}/`);
    await page.locator('.stat-row').waitFor();
    const bg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(bg).toBe('rgb(17, 20, 24)');
    await shot('overview-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').waitFor();
    expect(await page.evaluate("localStorage.getItem('vigil.token')")).toBeNull();
  });
});
