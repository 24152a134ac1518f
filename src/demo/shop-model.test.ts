import { describe, expect, it } from 'vitest';
import { ScaledClock } from './scaled-clock.js';
import { expectedOrders, hourCounts, loadPlan } from './shop-model.js';
import { demoStart } from './start-demo.js';
import { FAULTS, HOUR, SCHEDULE_LOADS } from './timeline.js';

const t0 = Date.parse('2026-03-03T09:00:00Z');
const fault = (id: string) => FAULTS.find((f) => f.id === id)!;

describe('the shop model', () => {
  it('has a daily rhythm: quiet nights, busy middays, and the same numbers for the same hour', () => {
    expect(expectedOrders(Date.parse('2026-03-03T03:00:00Z'))).toBeLessThan(
      expectedOrders(Date.parse('2026-03-03T13:00:00Z')) / 3,
    );
    expect(hourCounts(t0)).toEqual(hourCounts(t0));
  });

  it('puts each fault in the loads the timeline names, and only there', () => {
    const short = fault('order-items-short');
    expect(loadPlan(short.fromLoad, t0, true).itemsShare).toBe(0.4);
    expect(loadPlan(short.untilLoad, t0, true).itemsShare).toBe(1);
    expect(loadPlan(short.fromLoad, t0, false).itemsShare).toBe(1);
    const nulls = fault('payment-amount-nulls');
    expect(loadPlan(nulls.fromLoad, t0, true).nullAmountShare).toBe(0.4);
    expect(loadPlan(nulls.untilLoad, t0, true).nullAmountShare).toBe(0);
  });

  it('sends duplicates once and removes them when the fault heals', () => {
    const dup = fault('duplicate-orders');
    expect(loadPlan(dup.fromLoad, t0, true).duplicateOrders).toBe(12);
    expect(loadPlan(dup.fromLoad + 1, t0, true).duplicateOrders).toBe(0);
    expect(loadPlan(dup.untilLoad, t0, true).dedupe).toBe(true);
    expect(loadPlan(dup.untilLoad + 1, t0, true).dedupe).toBe(false);
  });

  it('stops the marketing feed and catches up the missed hours when it returns', () => {
    const stop = fault('marketing-feed-stops');
    expect(loadPlan(stop.fromLoad, t0, true).marketingHours).toEqual([]);
    expect(loadPlan(stop.fromLoad, t0, true).jobs.sync_marketing_spend).toBe('skip');
    const back = loadPlan(stop.untilLoad, t0, true);
    expect(back.marketingHours).toHaveLength(stop.untilLoad - stop.fromLoad + 1);
    expect(back.marketingHours.at(-1)).toBe(back.hourStart);
  });

  it('keeps a rename for good, fails one run, and stops payments with what waits for them', () => {
    const rename = fault('products-column-renamed');
    expect(loadPlan(rename.fromLoad - 1, t0, true).productsRenamed).toBe(false);
    expect(loadPlan(SCHEDULE_LOADS + 5, t0, true).productsRenamed).toBe(true);
    expect(loadPlan(fault('products-run-fails').fromLoad, t0, true).jobs.ingest_products).toBe('fail');
    const late = loadPlan(fault('payments-export-late').fromLoad, t0, true);
    expect(late.payments).toBe(false);
    expect(late.jobs.build_marts).toBe('skip');
    expect(loadPlan(fault('crm-sync-silent').fromLoad, t0, true).heartbeat).toBe(false);
  });
});

describe('the demo clock', () => {
  it('starts at 08:45 UTC on a day whose whole schedule is already past', () => {
    const now = Date.parse('2026-03-03T15:00:00Z');
    const start = demoStart(now);
    expect(start.toISOString()).toBe('2026-03-02T08:45:00.000Z');
    expect(start.getTime() + (SCHEDULE_LOADS + 1) * HOUR).toBeLessThanOrEqual(now);
  });

  it('stands still until started, then runs speed times faster than the wall clock', () => {
    let wall = 1_000;
    const clock = new ScaledClock(new Date(t0), 60, () => wall);
    wall += 5_000;
    expect(clock.now().getTime()).toBe(t0);
    clock.start();
    wall += 60_000;
    expect(clock.now().getTime()).toBe(t0 + HOUR);
  });
});
