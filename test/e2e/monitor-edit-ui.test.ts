import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, chromiumPath, startBrowserSession } from '../support/browser.js';
import { duckdbExec } from '../support/duckdb-file.js';
import { lineageEvents } from './lineage-seed.js';

/**
 * Monitors in a real browser: preview a new monitor before saving (the value and the band), edit
 * it with a preview judged against what it learned, silence it from its page and from the list,
 * and read usage on the catalog and an asset's page.
 */
describe.skipIf(!chromiumPath)('monitor create, edit, preview and silence in Chromium', () => {
  let s: BrowserSession;
  let page: Page;
  const shot = (name: string) => s.shot(name);
  const nav = (name: string) => s.nav(name);
  const heading = (name: string | RegExp) => s.heading(name);
  const api = (method: string, path: string, body?: unknown) => s.api(method, path, body);

  beforeAll(async () => {
    s = await startBrowserSession();
    page = s.page;
    const file = join(s.dataDir, 'shop.duckdb');
    await duckdbExec(file, [
      'create table orders (id bigint, amount double)',
      'insert into orders select range, range * 1.5 from range(5)',
    ]);
    await api('POST', '/api/v1/sources', { name: 'shop', kind: 'duckdb', config: { path: file } });
    await api('POST', '/api/v1/lineage', lineageEvents(new Date()));
  }, 180_000);

  afterAll(async () => {
    await s?.close();
  });

  it('previews a new monitor (value, band, pass) without saving it, then creates it', async () => {
    await nav('Monitors').click();
    await page.getByRole('link', { name: 'New monitor' }).click();
    await page.getByLabel('Name').fill('orders rows');
    await page.getByLabel('Kind').selectOption('threshold');
    await page.getByLabel('Table').fill('main.orders');
    await page.getByLabel('Metric').fill('row_count');
    await page.getByLabel('Minimum').fill('1');
    await page.getByLabel('Maximum').fill('10');
    await page.getByRole('button', { name: 'Run now (preview)' }).click();
    const result = page.locator('.run-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/passing.*Value5.*Expected1 … 10/);
    expect(await result.textContent()).toContain('Not saved');
    expect((await api('GET', '/api/v1/monitors'))?.items).toEqual([]);

    await page.getByRole('button', { name: 'Create monitor' }).click();
    await heading(/orders rows/).waitFor();
  });

  it('edits the schedule, severity and bounds with a preview, and saves them', async () => {
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await heading('Edit orders rows').waitFor();
    expect(await page.getByLabel('Kind').isDisabled()).toBe(true);
    expect(await page.getByLabel('Minimum').inputValue()).toBe('1');
    await page.getByLabel('Every').fill('30m');
    await page.getByLabel('Severity').selectOption('page');
    await page.getByLabel('Maximum').fill('3');
    await page.getByRole('button', { name: 'Run now (preview)' }).click();
    const result = page.locator('.run-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/failing.*Value5.*Expected1 … 3/);
    await shot('monitor-edit');
    // The preview raised no alert and stored no check.
    expect((await api('GET', '/api/v1/alerts'))?.items).toEqual([]);

    await page.getByRole('button', { name: 'Save changes' }).click();
    await heading(/orders rows/).waitFor();
    await page.getByRole('status').getByText('Saved.').waitFor();
    const facts = page.locator('dl.facts');
    expect(await facts.textContent()).toContain('every 30m');
    expect(await facts.textContent()).toContain('page');
    const saved = await api('GET', '/api/v1/monitors/orders%20rows');
    expect(saved).toMatchObject({
      schedule: { every: '30m' },
      severity: 'page',
      config: { metric: 'row_count', bounds: { min: 1, max: 3 } },
    });
  });

  it('silences the monitor from its page and shows it silenced there and in the list', async () => {
    await page.getByRole('button', { name: 'Silence alerts' }).click();
    expect(await page.getByLabel('Matchers').inputValue()).toBe('monitor="orders rows"');
    await page.getByLabel('Duration').selectOption({ label: '4 hours' });
    await page.getByLabel('Comment').fill('orders backfill tonight');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await heading(/silenced until/).waitFor();
    await page.getByText('orders backfill tonight').waitFor();
    await shot('monitor-silenced');

    await nav('Monitors').click();
    const row = page.getByRole('row', { name: /orders rows/ });
    await row.getByText(/silenced until/).waitFor();
    await page.getByLabel('Alerts').selectOption('0');
    await row.waitFor({ state: 'detached' });
    await page.getByLabel('Alerts').selectOption('');
    await row.waitFor();
  });

  it('silences another monitor from the list', async () => {
    await api('POST', '/api/v1/monitors', {
      name: 'orders amount',
      kind: 'custom_sql',
      source: 'shop',
      asset: 'main.orders',
      config: { sql: 'SELECT sum(amount) FROM main.orders' },
    });
    await page.reload();
    await page.getByRole('button', { name: 'Silence orders amount' }).click();
    await page.getByLabel('Comment').fill('known gap');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await page
      .getByRole('status')
      .getByText(/Silenced orders amount until/)
      .waitFor();
    await page
      .getByRole('row', { name: /orders amount/ })
      .getByText(/silenced until/)
      .waitFor();
    await page.getByLabel('Alerts').selectOption('1');
    await page.getByText('2 of 2 monitors').waitFor();
  });

  it('shows usage on the catalog and on an asset page, saying where it comes from', async () => {
    // Vigil's own reads of the asset: a monitor on it, run twice.
    const probe = await api('POST', '/api/v1/monitors', {
      name: 'metric probe',
      kind: 'custom_sql',
      source: 'shop',
      asset: 'lake.metric',
      config: { sql: 'SELECT 1' },
    });
    for (let i = 0; i < 2; i++) await api('POST', `/api/v1/monitors/${String(probe?.id)}/run`);
    await nav('Catalog').click();
    const mostUsed = page.getByRole('region', { name: 'Most used' });
    await mostUsed.getByText(/pg_stat_statements/).waitFor();

    await page.getByLabel('Name').fill('lake.metric');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'warehouse/lake.metric' }).click();
    await heading('warehouse/lake.metric').waitFor();
    const usage = page.getByRole('region', { name: 'Usage' });
    await usage.getByText('reads in the warehouse').waitFor();
    expect(await usage.textContent()).toContain('pg_stat_statements');
    await usage.getByRole('img', { name: /Vigil checks: 2 over 30 days/ }).waitFor();
    await usage.scrollIntoViewIfNeeded();
    await shot('asset-usage');
    await usage.getByText('By day', { exact: true }).click();
    const today = new Date().toISOString().slice(0, 10);
    expect(await usage.getByRole('row', { name: new RegExp(today) }).textContent()).toMatch(/2$/);

    // A shared link or a reload of the asset's page, whose name ends like a file name (".metric").
    await page.reload();
    await heading('warehouse/lake.metric').waitFor();
    const missing = await fetch(`${s.baseUrl}/assets/no-such-chunk.js`);
    expect(missing.status).toBe(404);
  });
});
