import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../src/app.js';
import { ManualClock } from '../../src/domain/clock.js';
import { runMonitorNow } from '../../src/services/run-monitor-now.js';
import {
  type BrowserSession,
  chromiumPath,
  screenshotsDir,
  startBrowserSession,
} from '../support/browser.js';
import { fireAlert } from '../incidents/fire-alert.js';
import { seedAssets } from '../incidents/response-fixtures.js';
import { lineageEvents } from './lineage-seed.js';

/**
 * Incidents, catalog, lineage, pipelines and users in a real browser against an in-process Vigil
 * on a fresh embedded store. Sign in with a password; declare an incident, post an update, pin a
 * note, resolve it; search the catalog, read an asset's chart and lineage and follow a node; look
 * at pipeline runs; add a user. Each page is saved to docs/screenshots/.
 */
const METRIC = 'warehouse/lake.metric';

describe.skipIf(!chromiumPath)('incidents, catalog and pipelines in Chromium', () => {
  let s: BrowserSession;
  let vigil: Vigil;
  let browser: Browser;
  let page: Page;
  let base: string;
  let dataDir: string;
  const clock = new ManualClock(new Date(Date.now() - 24 * 3_600_000));
  const shot = (name: string) => s.shot(name);
  const nav = (name: string) => s.nav(name);
  const heading = (name: string | RegExp) => s.heading(name);
  const api = (method: string, path: string, body?: unknown) => s.api(method, path, body);

  beforeAll(async () => {
    // The on-call contact is an email channel on loopback.
    s = await startBrowserSession({
      clock,
      allowLoopback: true,
      signIn: false,
      timezoneId: 'America/New_York',
    });
    ({ vigil, browser, page, baseUrl: base, dataDir } = s);

    // Lineage and two weeks of nightly runs, as an OpenLineage producer would send them.
    await api('POST', '/api/v1/lineage', lineageEvents(new Date()));
    // A monitor on the catalog's metric table, run twelve times: steady, then out of its band.
    const csv = join(dataDir, 'metric.csv');
    const source = await api('POST', '/api/v1/sources', {
      name: 'lake',
      kind: 'duckdb',
      config: { path: ':memory:', lake: [{ name: 'metric', path: csv, format: 'csv' }] },
    });
    const monitor = await api('POST', '/api/v1/monitors', {
      name: 'metric value',
      kind: 'custom_sql',
      source: source?.id,
      asset: METRIC,
      config: { sql: 'SELECT v FROM lake.metric', bounds: { min: 90, max: 115 } },
      schedule: { every: '1h' },
      severity: 'ticket',
      owner: 'finance-data',
    });
    for (const v of [100, 103, 98, 104, 101, 99, 102, 97, 100, 131, 126, 101]) {
      writeFileSync(csv, `v\n${v}\n`);
      clock.advance(3_600_000);
      await runMonitorNow({
        ctx: vigil.systemContext,
        input: { id: String(monitor?.id), deps: vigil.runner },
      });
    }
    await api('POST', '/api/v1/incidents', {
      title: 'Orders table late',
      severity: 'SEV3',
      affectedAssets: [METRIC],
    });
    await api('POST', '/api/v1/users', {
      name: 'ops.lead',
      password: 'a long enough password',
      role: 'admin',
    });
  }, 180_000);
  afterAll(() => s?.close());

  it('signs in with a user name and password', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('tab', { name: 'User name and password' }).click();
    await page.getByLabel('User name').fill('ops.lead');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in with password' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not accepted');
    await page.getByLabel('Password', { exact: true }).fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in with password' }).click();
    await heading('Overview').waitFor();
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  });

  it('declares an incident, posts an update, pins a note and resolves it', async () => {
    await nav('Incidents').click();
    await heading('Incidents').waitFor();
    await page.getByRole('link', { name: 'Orders table late' }).waitFor();
    await page.getByRole('button', { name: 'Declare incident' }).click();
    const form = page.getByRole('form', { name: 'Declare an incident' });
    await form.getByLabel('Title').fill('Revenue metric spiked twice overnight');
    await form.getByLabel('Severity').selectOption('SEV2');
    await form.getByLabel('Commander').fill('ana');
    await form.getByLabel('Affected assets').fill(METRIC);
    await form.getByRole('button', { name: 'Declare', exact: true }).click();
    await heading(/Revenue metric spiked/).waitFor();
    expect(await page.locator('.page-head .badge').last().textContent()).toBe('triage');

    // The blast radius comes from lineage: the marts below the metric table, with their owners.
    await page.getByText(/downstream asset/).waitFor();
    expect(await page.getByRole('region', { name: 'Blast radius' }).textContent()).toContain('marts.revenue');

    await page
      .getByLabel('Impact and what happens next')
      .fill('Finance dashboards show a spike; we are checking the loader.');
    await page.getByRole('button', { name: 'Post update' }).click();
    await page.getByRole('status').filter({ hasText: 'Update posted' }).waitFor();
    await page.locator('.tl-update').waitFor();

    await page.getByLabel('Note', { exact: true }).fill('Loader retried at 02:10 and wrote the batch twice.');
    await page.getByLabel('Pin it').check();
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.tl-note.tl-pinned').waitFor();
    await page.getByLabel('Pinned only').check();
    expect(await page.locator('.tl-event').count()).toBe(1);
    await page.getByLabel('Pinned only').uncheck();
    // Times are the reader's, with UTC on hover.
    expect(await page.locator('.tl-time time').first().getAttribute('title')).toMatch(/UTC$/);
    await shot('incident-detail');

    await page.getByRole('button', { name: 'Resolve incident' }).click();
    await expect.poll(() => page.locator('.page-head .badge').last().textContent()).toBe('resolved');
    await page.getByRole('button', { name: 'Resolve incident' }).waitFor({ state: 'detached' });

    await page
      .getByRole('navigation', { name: 'Breadcrumbs' })
      .getByRole('link', { name: 'Incidents' })
      .click();
    await page.getByRole('link', { name: 'Orders table late' }).waitFor();
    expect(await page.getByRole('link', { name: 'Revenue metric spiked twice overnight' }).count()).toBe(0);
    await page.getByLabel('Status').selectOption('all');
    await page.getByRole('link', { name: 'Revenue metric spiked twice overnight' }).waitFor();
    await shot('incidents');
  });

  it('drafts the postmortem, edits it with a preview, adds an action item and publishes it', async () => {
    await page.goto(`${base}/incidents?status=all`);
    await page.getByRole('link', { name: 'Revenue metric spiked twice overnight' }).click();
    await page.getByRole('link', { name: 'Postmortem' }).click();
    await page.getByText('No postmortem yet').waitFor();
    await page.getByRole('button', { name: 'Draft postmortem' }).click();
    const first = page.locator('.card textarea').first();
    await first.waitFor();
    // Drafted from the record: the pinned note is in it somewhere.
    expect(
      await page
        .locator('textarea')
        .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value).join('\n')),
    ).toContain('wrote the batch twice');
    await first.fill(
      'The nightly load wrote **one batch twice**.\n\n- revenue doubled for 2 hours\n- found by the band',
    );
    await page.getByRole('button', { name: /^Save/ }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByLabel('Preview').check();
    await page.locator('.markdown-preview strong', { hasText: 'one batch twice' }).waitFor();

    await page.getByLabel('Action', { exact: true }).fill('Make the loader idempotent per batch id');
    await page.getByLabel('Owner', { exact: true }).fill('ana');
    await page.getByRole('button', { name: 'Add action item' }).click();
    const open = page.getByRole('region', { name: 'Open', exact: true });
    await open.getByText('Make the loader idempotent per batch id').waitFor();
    await open.getByRole('button', { name: /^Start/ }).click();
    await page.getByRole('region', { name: 'In progress' }).getByText('Make the loader idempotent').waitFor();

    await page.getByRole('button', { name: 'Send for review' }).click();
    await page.getByRole('status').filter({ hasText: 'Now in review.' }).waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').filter({ hasText: 'Now published.' }).waitFor();
    expect(await page.locator('.badge.pm-published').textContent()).toBe('published');
    await shot('postmortem');
  });

  it('searches the catalog and reads an asset: chart with band, incidents, lineage graph', async () => {
    await nav('Catalog').click();
    await heading('Catalog').waitFor();
    await page.getByLabel('Name').fill('metric');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: METRIC }).waitFor();
    await page.getByRole('button', { name: 'Search' }).waitFor();
    await shot('catalog');

    await page.getByRole('link', { name: METRIC }).click();
    await heading(METRIC).waitFor();
    await page.locator('.chart-line').waitFor();
    await shot('asset-detail');
    expect(await page.locator('.chart-band').count()).toBeGreaterThan(0);
    expect(await page.locator('.chart-fail').count()).toBeGreaterThan(0);
    expect(await page.locator('.chart-span').count()).toBeGreaterThan(0);
    const graph = page.locator('.lineage svg');
    await graph.waitFor();
    // Upstream, the asset itself and downstream are all drawn as links.
    expect(await graph.locator('a').count()).toBeGreaterThanOrEqual(4);
    await shot('asset-detail');

    await graph.getByRole('link', { name: /marts\.revenue/ }).click();
    await heading('warehouse/marts.revenue').waitFor();
  });

  it('shows pipeline runs by job, failures and the schedule heatmap', async () => {
    await nav('Pipelines').click();
    await heading('Pipelines').waitFor();
    await page.getByRole('link', { name: 'airflow/load_metric', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Failures' }).waitFor();
    expect(await page.locator('.heatmap td').filter({ hasText: /\d/ }).count()).toBeGreaterThan(0);
    await page.locator('.chart-line').waitFor();
    await shot('pipelines');
  });

  it('shows an SLO on pipeline success with its budget and burn rates', async () => {
    await api('POST', '/api/v1/slos', {
      name: 'load-metric-success',
      service: 'finance',
      indicator: { kind: 'pipeline_success', job: 'airflow/load_metric' },
      objective: { target: 0.95 },
    });
    await nav('SLOs').click();
    await heading('SLOs').waitFor();
    await page.getByRole('link', { name: 'load-metric-success' }).click();
    await heading('load-metric-success').waitFor();
    await page.getByRole('heading', { name: 'Burn rates' }).waitFor();
    expect(await page.locator('.kv').textContent()).toContain('95.00%');
    await shot('slo-detail');
  });

  it('lets an admin add a user, who can then sign in', async () => {
    await page.goto(`${base}/settings/users`);
    await heading('Users').waitFor();
    await page.getByLabel('User name').fill('bo');
    await page.getByLabel('Password', { exact: true }).fill('bo has a long password');
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('status').filter({ hasText: 'Created viewer user bo' }).waitFor();
    await page.getByRole('cell', { name: 'bo', exact: true }).waitFor();
    await shot('users');
    const res = await fetch(`${base}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bo', password: 'bo has a long password' }),
    });
    expect(((await res.json()) as { user: { role: string } }).user.role).toBe('viewer');
  });

  it('shows who is on call now', async () => {
    await api('POST', '/api/v1/channels', {
      name: 'data-oncall',
      kind: 'email',
      config: { host: 'localhost', port: 2525, from: 'vigil@example.com', to: ['oncall@example.com'] },
    });
    await api('PUT', '/api/v1/schedules/data-platform', {
      timeZone: 'Europe/Berlin',
      rotations: [
        {
          name: 'primary',
          participants: ['ana', 'bo'],
          start: '2026-01-05',
          handoffTime: '09:00',
          length: '1w',
        },
      ],
      contacts: { ana: 'data-oncall', bo: 'data-oncall' },
    });
    await page.goto(`${base}/settings/on-call`);
    await heading('On call').waitFor();
    await page
      .getByRole('region', { name: /data-platform/ })
      .getByText(/on primary until/)
      .waitFor();
    await shot('on-call');
  });

  it("shows a cascade's root cause and its consequences on the incident page, without widening it", async () => {
    // Namespaced names as OpenLineage gives them: long enough to push a careless layout sideways.
    const ns = 'postgres://warehouse-primary.analytics.internal:5432/analytics';
    const [raw, staging, mart] = ['raw.payments', 'staging.stg_payments', 'marts.daily_revenue'].map(
      (n) => `${ns}/${n}_from_the_card_processor_nightly_export_v2`,
    ) as [string, string, string];
    const at = clock.now();
    await seedAssets(
      vigil.store,
      at,
      [{ name: raw }, { name: staging }, { name: mart }],
      [
        { from: raw, to: staging },
        { from: staging, to: mart },
      ],
    );
    // The mart's check runs first; the tables upstream of it fail minutes later.
    for (const [n, asset] of [mart, staging, raw].entries())
      await fireAlert(vigil.store, {
        fingerprint: `cascade-${n}`,
        asset,
        at: new Date(at.getTime() + n * 120_000),
      });
    const listed = (await api('GET', `/api/v1/incidents?asset=${encodeURIComponent(raw)}`)) as {
      items: Array<{ id: string }>;
    };
    const id = listed.items[0]?.id ?? '';
    for (const width of [1280, 1000]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${base}/incidents/${encodeURIComponent(id)}`);
      const card = page.getByRole('region', { name: 'Root cause' });
      await card.waitFor();
      await expect.poll(() => card.locator('.root-cause-asset a').first().textContent()).toBe(raw);
      const consequences = await card.locator('.root-cause-consequences li > a').allTextContents();
      expect(consequences.sort()).toEqual([mart, staging].sort());
      const overflow = (await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      )) as number;
      expect(overflow, `horizontal overflow at ${width} px`).toBeLessThanOrEqual(0);
      if (width === 1280) await shot('incident-root-cause');
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('shows the incident page in the dark scheme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${base}/incidents?status=all`);
    await page.getByRole('link', { name: 'Revenue metric spiked twice overnight' }).click();
    await heading(/Revenue metric spiked/).waitFor();
    await page.locator('.tl-event').first().waitFor();
    await shot('incident-detail-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });
  it('loads the overview with 1,000 assets and 100 incidents (first load measured, not asserted)', async () => {
    // 1,000 tables as an OpenLineage producer announces them, in batches of 250.
    for (let b = 0; b < 4; b++) {
      const batch = Array.from({ length: 250 }, (_, i) => ({
        eventTime: new Date().toISOString(),
        producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.40.0/client/python',
        schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent',
        dataset: { namespace: 'warehouse', name: `bulk.table_${b * 250 + i}` },
      }));
      await api('POST', '/api/v1/lineage', batch);
    }
    const open = (await api('GET', '/api/v1/incidents?open=true&limit=500')) as { items: unknown[] };
    for (let i = open.items.length; i < 100; i++) {
      await api('POST', '/api/v1/incidents', {
        title: `Bulk incident ${i}`,
        severity: ['SEV1', 'SEV2', 'SEV3', 'SEV4'][i % 4],
        affectedAssets: [`warehouse/bulk.table_${i}`],
      });
    }
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const session = (await (
      await fetch(`${base}/api/v1/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ops.lead', password: 'a long enough password' }),
      })
    ).json()) as { token: string };
    await fresh.goto(`${base}/healthz`);
    await fresh.evaluate(`localStorage.setItem('vigil.token', ${JSON.stringify(session.token)})`);
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await fresh.goto(`${base}/`);
      await fresh.getByRole('heading', { name: 'Open incidents' }).waitFor();
      await fresh.locator('.stat-inc-sev1 .stat-value').filter({ hasText: /\d/ }).waitFor();
      runs.push(performance.now() - started);
    }
    // Which API calls the last load waited on, slowest first (a string: no DOM types here).
    const calls = (await fresh.evaluate(`performance.getEntriesByType('resource')
      .filter((r) => r.name.includes('/api/'))
      .map((r) => [new URL(r.name).pathname + new URL(r.name).search, Math.round(r.responseEnd - r.startTime), Math.round(r.responseEnd)])`)) as Array<
      [string, number, number]
    >;
    console.log(
      calls
        .sort((a, b) => b[1] - a[1])
        .map(([u, ms, end]) => `  ${ms} ms (done at ${end} ms) ${u}`)
        .join('\n'),
    );
    const value = async (sel: string) => Number(await fresh.locator(`${sel} .stat-value`).textContent());
    expect(
      (await value('.stat-inc-sev1')) +
        (await value('.stat-inc-sev2')) +
        (await value('.stat-inc-sev3')) +
        (await value('.stat-inc-sev4')),
    ).toBeGreaterThanOrEqual(100);
    console.log(
      `overview first load with 1,000 assets and ${Math.max(100, open.items.length)} open incidents: ` +
        runs.map((ms) => `${ms.toFixed(0)} ms`).join(', ') +
        ' (navigation to incident counts drawn; cold, then warm)',
    );
    await fresh.screenshot({ path: join(screenshotsDir, 'overview-incidents.png') });
    await fresh.close();
  }, 300_000);
});
