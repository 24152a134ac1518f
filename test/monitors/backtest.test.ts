import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestMonitor } from '../../src/services/backtest-monitor.js';
import { createMonitor, type MonitorInput } from '../../src/services/monitors.js';
import { createSource } from '../../src/services/sources.js';
import { insertMetricPoints } from '../../src/store/repositories/checks.js';
import { openTestStore, type TestStore, testContext } from '../support/stores.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-01T00:00:00Z');
const SPIKE_AT = START + (14 * 24 + 10) * HOUR;

/** Three weeks of hourly rows added, with a day/night rhythm and one load four times too big. */
function history(): Array<{ time: number; value: number }> {
  const out: Array<{ time: number; value: number }> = [];
  for (let h = 0; h < 21 * 24; h++) {
    const time = START + h * HOUR;
    const normal = 100 + ((h * 7) % 13) + (h % 24 >= 8 && h % 24 <= 20 ? 30 : 0);
    out.push({ time, value: time === SPIKE_AT ? normal * 4 : normal });
  }
  return out;
}

describe('backtest: the alerts a monitor would have raised on its own history', () => {
  let t: TestStore;
  let ctx: ReturnType<typeof testContext>;
  const monitor = (input: Partial<MonitorInput> & Pick<MonitorInput, 'name' | 'kind'>) =>
    createMonitor({
      ctx,
      input: {
        source: 'shop',
        asset: 'main.orders',
        config: {},
        schedule: { every: '1h' },
        severity: 'page',
        labels: {},
        description: '',
        enabled: true,
        ...input,
      } as never,
    });
  const store = (monitorId: string, metric: string, points: Array<{ time: number; value: number }>) =>
    insertMetricPoints(
      t.store.db,
      points.map((p) => ({
        monitor_id: monitorId,
        metric,
        segment: '',
        at: new Date(p.time),
        value: p.value,
      })),
    );

  beforeAll(async () => {
    t = await openTestStore('pglite');
    ctx = testContext(t.store);
    ctx.clock.set(new Date(START + 21 * 24 * HOUR));
    await createSource({ ctx, input: { name: 'shop', kind: 'duckdb', config: { path: ':memory:' } } });
  });
  afterAll(() => t.dispose());

  it('lists the spike with its value, expected band, score and reason, and a summary', async () => {
    const m = await monitor({ name: 'orders volume', kind: 'volume' });
    await store(m.id, 'rows_added', history());
    await store(m.id, 'row_count', [{ time: SPIKE_AT, value: 1e9 }]); // not what a volume monitor judges
    const r = await backtestMonitor({ ctx, input: { monitorId: m.id, days: 30 } });
    expect(r.series).toHaveLength(1);
    expect(r.series[0]).toMatchObject({ metric: 'rows_added', detector: 'ensemble' });
    expect(r.series[0]?.summary.points).toBe(21 * 24);
    const spike = r.alerts.find((a) => a.at === new Date(SPIKE_AT).toISOString());
    expect(spike).toBeDefined();
    expect(spike?.value).toBeGreaterThan(400);
    expect(spike?.expected?.upper).toBeLessThan(spike?.value as number);
    expect(spike?.score).toBeGreaterThan(0.5);
    expect(spike?.reason).toMatch(/rows added/);
    expect(r.totals.alerts).toBe(r.alerts.length);
    expect(r.totals.episodes).toBeGreaterThanOrEqual(1);
  });

  it('raises no more alerts at low sensitivity than at high, and keeps to the days asked', async () => {
    const m = await monitor({ name: 'orders volume 2', kind: 'volume' });
    await store(m.id, 'rows_added', history());
    const low = await backtestMonitor({ ctx, input: { monitorId: m.id, sensitivity: 'low' } });
    const high = await backtestMonitor({ ctx, input: { monitorId: m.id, sensitivity: 'high' } });
    expect(low.sensitivity).toBe('low');
    expect(low.totals.alerts).toBeLessThanOrEqual(high.totals.alerts);
    expect(low.alerts.map((a) => a.at)).toContain(new Date(SPIKE_AT).toISOString());
    const week = await backtestMonitor({ ctx, input: { monitorId: m.id, days: 7 } });
    expect(week.series[0]?.summary.points).toBe(7 * 24);
    // The spike is older than a week: it is not in that window.
    expect(week.alerts.map((a) => a.at)).not.toContain(new Date(SPIKE_AT).toISOString());
  });

  it('replays static bounds as they judge, every point outside being an alert', async () => {
    const m = await monitor({
      name: 'orders limit',
      kind: 'threshold',
      config: { metric: 'row_count', bounds: { max: 200 } },
    });
    await store(m.id, 'row_count', history());
    const r = await backtestMonitor({ ctx, input: { monitorId: m.id } });
    expect(r.series[0]?.detector).toBe('bounds');
    expect(r.alerts).toHaveLength(1);
    expect(r.alerts[0]?.reason).toMatch(/above the maximum 200/);
  });

  it('refuses a schema monitor, which has no detector to replay', async () => {
    const m = await monitor({ name: 'orders schema', kind: 'schema' });
    await expect(backtestMonitor({ ctx, input: { monitorId: m.id } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
