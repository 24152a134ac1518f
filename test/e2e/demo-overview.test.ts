import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { type Demo, startDemo } from '../../src/demo/start-demo.js';
import { FAULTS, faultTimes, MINUTE } from '../../src/demo/timeline.js';
import { playDemo } from '../support/demo-play.js';
import { testServer } from '../support/servers.js';

/**
 * The README's first picture: the overview while the demo plays, taken when the payments
 * export has stopped and its three correlated alerts fire, with the earlier incidents resolved.
 */
const chromiumPath = testServer('VIGIL_TEST_CHROMIUM');
const root = resolve(import.meta.dirname, '..', '..');
const shots = join(root, 'docs', 'screenshots');

describe.skipIf(!chromiumPath)('demo overview in Chromium', () => {
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-demo-ui-'));

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the overview of the demo mid-schedule', async () => {
    if (!existsSync(join(root, 'web', 'dist', 'index.html')))
      execFileSync(join(root, 'node_modules', '.bin', 'vite'), ['build', 'web'], {
        cwd: root,
        stdio: 'ignore',
      });
    mkdirSync(shots, { recursive: true });
    // A day before now, so the times the browser shows as "ago" are sensible.
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
    await playDemo(demo, clock, faultTimes(cascade, demo.state.t0).visibleAt + 25 * MINUTE);
    await demo.vigil.server!.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(demo.vigil.server!.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
    await page.goto(`${base}/`);
    const field = page.locator('input[name="token"]');
    await field.fill(demo.state.adminToken);
    await field.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.locator('.stat-row').waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(shots, 'overview-demo.png'), fullPage: false });
    const firing = await demo.vigil.store.db
      .selectFrom('alerts')
      .select('id')
      .where('status', '=', 'firing')
      .execute();
    expect(firing.length).toBe(3);
  }, 600_000);
});
