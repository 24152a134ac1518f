import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { type Demo, startDemo } from '../../src/demo/start-demo.js';
import { FAULTS, faultTimes, MINUTE } from '../../src/demo/timeline.js';
import { type BrowserSession, chromiumPath, startBrowserSession } from '../support/browser.js';
import { playDemo } from '../support/demo-play.js';

/**
 * The demo's inbox in a browser: the demo plays until the payments export has been missing for a
 * while (its page, and the SLOs' burn tickets, are in the inbox), then the Inbox page
 * lists the notifications newest first with links to their alert and incident, and the SLOs page
 * shows the budgets the faults spent.
 */
describe.skipIf(!chromiumPath)('the inbox page', () => {
  let demo: Demo | undefined;
  let session: BrowserSession | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-inbox-ui-'));

  afterAll(async () => {
    await session?.close();
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the demo notifications newest first, linked to their alert and incident', async () => {
    const day = 86_400_000;
    const clock = new ManualClock(
      new Date(Math.floor(Date.now() / day) * day - day + 8 * 3_600_000 + 45 * MINUTE),
    );
    demo = await startDemo(loadConfig({}, '/nonexistent'), {
      dir,
      speed: 1,
      faults: true,
      clock,
      autostartWorker: false,
      memoryStore: true,
      log: pino({ level: 'silent' }),
    });
    const cascade = FAULTS.find((f) => f.kind === 'lineage')!;
    await playDemo(demo, clock, faultTimes(cascade, demo.state.t0).visibleAt + 75 * MINUTE);
    // Signed in below as a viewer, not as the admin.
    session = await startBrowserSession({ vigil: demo.vigil, token: demo.state.adminToken, signIn: false });
    const { page, baseUrl: base } = session;

    // A viewer may read the inbox.
    const created = await fetch(`${base}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.state.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'reader', role: 'viewer' }),
    });
    const viewer = ((await created.json()) as { secret: string }).secret;
    const res = await fetch(`${base}/api/v1/inbox?limit=500`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect(res.status).toBe(200);
    const inbox = (await res.json()) as { channels: string[]; items: Array<{ id: number; title: string }> };
    expect(inbox.channels).toEqual(['demo-inbox']);
    expect(inbox.items.map((i) => i.id)).toEqual([...inbox.items.map((i) => i.id)].sort((a, b) => b - a));
    // SLO burn tickets share one notification group (they carry no monitor label).
    const burn = inbox.items.find((i) => /SLO [a-z-]+ burns its error budget/.test(i.title));
    expect(burn, inbox.items.map((i) => i.title).join('\n')).toBeDefined();

    await page.goto(`${base}/`);
    const field = page.locator('input[name="token"]');
    await field.fill(viewer);
    await field.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    const rows = page.locator('table.inbox-table tbody tr');
    await rows.first().waitFor();
    // Newest first: the first row is the API's newest item; times carry their UTC form on hover.
    expect(await rows.first().textContent()).toContain(inbox.items[0]!.title);
    expect(await rows.first().locator('time').getAttribute('title')).toMatch(/UTC$/);
    const burnRow = rows.filter({ hasText: 'burns its error budget' }).first();
    expect(await burnRow.textContent()).toContain('ticket');
    await page.waitForLoadState('networkidle');
    await session.shot('inbox');

    // The payments page links to its alert and to the incident it opened.
    const pageRow = rows.filter({ hasText: '[FIRING] raw.payments freshness' }).first();
    expect(await pageRow.getByRole('link', { name: /^Alert: / }).count()).toBe(1);
    const incidentLink = pageRow.getByRole('link', { name: /^Incident: / });
    const incidentTitle = (await incidentLink.getAttribute('title')) ?? '';
    // The cascade's incident is named after whichever of its three alerts fired first.
    expect(incidentTitle).toMatch(/payments|daily_revenue/);
    await incidentLink.click();
    await page.waitForURL(/\/incidents\/inc_/);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).first().textContent())
      .toContain(incidentTitle);

    // The SLO page shows what the faults spent: the mart's and the amounts' budgets, not the orders'.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'SLOs' }).click();
    await page.getByRole('heading', { level: 1, name: 'SLOs' }).waitFor();
    const left = async (name: string) => {
      const text = (await page.getByRole('row', { name: new RegExp(name) }).textContent()) ?? '';
      return Number(/([\d.]+)% left/.exec(text)?.[1]);
    };
    await page.getByRole('row', { name: /revenue mart/ }).waitFor();
    expect(await left('revenue mart')).toBeLessThan(100);
    expect(await left('carry their amounts')).toBeLessThan(100);
    expect(await left('Orders are')).toBe(100);
    await session.shot('slos-demo');
  }, 600_000);
});
