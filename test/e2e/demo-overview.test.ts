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
 * The README's first picture: the overview while the demo plays, taken when the payments
 * export has stopped and its three correlated alerts fire, with the earlier incidents resolved.
 */
describe.skipIf(!chromiumPath)('demo overview in Chromium', () => {
  let demo: Demo | undefined;
  let session: BrowserSession | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-demo-ui-'));

  afterAll(async () => {
    await session?.close();
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the overview of the demo mid-schedule', async () => {
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
    session = await startBrowserSession({
      vigil: demo.vigil,
      token: demo.state.adminToken,
      timezoneId: 'UTC',
    });
    const { page } = session;
    await page.locator('.stat-row').waitFor();
    await page.waitForLoadState('networkidle');
    await session.shot('overview-demo');
    const firing = await demo.vigil.store.db
      .selectFrom('alerts')
      .select(['origin', 'labels'])
      .where('status', '=', 'firing')
      .execute();
    // The three freshness pages of the cascade, and two SLO burn tickets: the revenue mart's, and
    // the payment amounts' left by the null spike (it clears once its six-hour window is clean).
    expect(firing.filter((a) => a.origin !== 'slo')).toHaveLength(3);
    expect(
      firing
        .filter((a) => a.origin === 'slo')
        .map((a) => a.labels.slo)
        .sort(),
    ).toEqual(['payment-amounts-valid', 'revenue-mart-fresh']);
  }, 600_000);
});
