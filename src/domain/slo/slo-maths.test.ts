import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetLeft, burnRate, detectionTimeMs, shareSpent, timeToExhaustionMs } from './budget.js';
import { burnRules } from './burn-rules.js';
import { parseSloDuration } from './duration.js';
import { evaluateSlo, sloHistory } from './evaluate.js';
import { incidentBudgetBurn } from './incident-burn.js';
import { DEFAULT_ALERTING, DEFAULT_BUDGET_POLICY, type SloSpec } from './model.js';
import { periodAt } from './period.js';
import { buildSeries, errorRatio, type SliEvent } from './series.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-03-31T12:00:00Z');

const spec = (over: Partial<SloSpec> = {}): SloSpec => ({
  name: 'orders-fresh',
  description: '',
  service: 'orders',
  owner: 'data-team',
  labels: {},
  indicator: { kind: 'monitor_pass_rate', monitors: ['orders'] },
  timeWindow: { rolling: true, duration: '30d' },
  budgetingMethod: 'Occurrences',
  objective: { target: 0.999 },
  alerting: DEFAULT_ALERTING,
  budgetPolicy: DEFAULT_BUDGET_POLICY,
  reviewDate: null,
  ...over,
});

/** One event a minute over `span` before NOW, bad where `bad(at)` says. */
function perMinute(span: number, bad: (at: number) => boolean): SliEvent[] {
  return perMinuteShare(span, (at) => (bad(at) ? 1 : 0), 1);
}

/** A batch of `size` events a minute, the share `bad(at)` of them bad. */
function perMinuteShare(span: number, bad: (at: number) => number, size = 1000): SliEvent[] {
  const out: SliEvent[] = [];
  for (let at = NOW - span + MIN; at <= NOW; at += MIN) {
    out.push({ at, good: size - Math.round(bad(at) * size), total: size });
  }
  return out;
}

describe('durations', () => {
  it('reads m as minutes and M as months', () => {
    expect(parseSloDuration('5m')).toEqual({ count: 5, unit: 'm' });
    expect(parseSloDuration('1M')).toEqual({ count: 1, unit: 'M' });
    expect(parseSloDuration('30x')).toBeUndefined();
    expect(parseSloDuration('0d')).toBeUndefined();
  });
});

describe('the SRE workbook tables', () => {
  it('derives 14.4x/1h+5m, 6x/6h+30m page and 3x/1d+2h, 1x/3d+6h ticket for 30 days', () => {
    expect(burnRules(30 * DAY).map((r) => [r.severity, r.factor, r.longMs / MIN, r.shortMs / MIN])).toEqual([
      ['page', 14.4, 60, 5],
      ['page', 6, 360, 30],
      ['ticket', 3, 1440, 120],
      ['ticket', 1, 4320, 360],
    ]);
  });
  it('derives the factors from the period for other windows (28 and 7 days)', () => {
    expect(burnRules(28 * DAY).map((r) => r.factor)).toEqual([13.44, 5.6, 2.8, 0.933333]);
    expect(burnRules(7 * DAY).map((r) => r.factor)).toEqual([3.36, 1.4, 0.7, 0.233333]);
    expect(burnRules(2 * DAY).map((r) => r.longMs)).toEqual([HOUR, 6 * HOUR, DAY]);
  });
  it('each rule spends 2 %, 5 %, 10 % and 10 % of a 30-day budget in its long window', () => {
    expect(shareSpent(14.4, HOUR, 30 * DAY)).toBeCloseTo(0.02, 12);
    expect(shareSpent(6, 6 * HOUR, 30 * DAY)).toBeCloseTo(0.05, 12);
    expect(shareSpent(3, DAY, 30 * DAY)).toBeCloseTo(0.1, 12);
    expect(shareSpent(1, 3 * DAY, 30 * DAY)).toBeCloseTo(0.1, 12);
  });
  it('burn rate 1, 2, 10 and 1000 exhaust a 99.9 % 30-day budget in 30 d, 15 d, 3 d and 43.2 min', () => {
    expect(timeToExhaustionMs(1, 30 * DAY, 1)).toBe(30 * DAY);
    expect(timeToExhaustionMs(1, 30 * DAY, 2)).toBe(15 * DAY);
    expect(timeToExhaustionMs(1, 30 * DAY, 10)).toBe(3 * DAY);
    expect(timeToExhaustionMs(1, 30 * DAY, 1000)).toBeCloseTo(43.2 * MIN, 6);
    expect(burnRate(1, 0.999)).toBeCloseTo(1000, 9);
    expect(timeToExhaustionMs(0, 30 * DAY, 5)).toBe(0);
    expect(timeToExhaustionMs(0.5, 30 * DAY, 0)).toBeNull();
  });
  it('a total outage of a 99.9 % SLO pages within 51.84 s on 14.4x/1h and 2.16 min on 6x/6h', () => {
    expect(detectionTimeMs(1, 0.999, 14.4, HOUR)).toBeCloseTo(51_840, 3);
    expect(detectionTimeMs(1, 0.999, 6, 6 * HOUR)).toBeCloseTo(129_600, 3);
    expect(detectionTimeMs(0.0005, 0.999, 1, 3 * DAY)).toBeNull();
  });
});

describe('budget', () => {
  it('5 bad of 1000 against 99 % leaves half the budget', () => {
    expect(budgetLeft(5 / 1000, 0.99)).toBeCloseTo(0.5, 12);
    expect(budgetLeft(20 / 1000, 0.99)).toBeCloseTo(-1, 12);
  });
  it('never rises when more events are bad (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
        (total, badRaw, target) => {
          const bad = Math.min(badRaw, total - 1);
          return budgetLeft((bad + 1) / total, target) < budgetLeft(bad / total, target);
        },
      ),
    );
  });
});

describe('series', () => {
  it('counts occurrences in (from, to]', () => {
    const s = buildSeries(
      [
        { at: 10, good: 1, total: 1 },
        { at: 20, good: 0, total: 1 },
        { at: 30, good: 3, total: 4 },
      ],
      { method: 'Occurrences', from: 0, to: 40 },
    );
    expect(s.window(10, 30)).toEqual({ good: 3, total: 5, events: 2 });
    expect(errorRatio(s.window(0, 40))).toBeCloseTo(1 - 4 / 6, 12);
    expect(errorRatio(s.window(30, 40))).toBeNull();
  });
  it('carries a daily job state across the time slices until the next run', () => {
    // Runs at 00:00 on day 1 (fails) and day 2 (passes); 1 h slices.
    const events = [
      { at: DAY, good: 0, total: 1 },
      { at: 2 * DAY, good: 1, total: 1 },
    ];
    const s = buildSeries(events, {
      method: 'Timeslices',
      sliceMs: HOUR,
      sliceTarget: 1,
      from: 0,
      to: 3 * DAY,
    });
    // No data before the first run; 24 bad slices, then 24 good ones.
    expect(s.window(0, 3 * DAY)).toEqual({ good: 24, total: 48, events: 2 });
    expect(s.window(DAY + 5 * HOUR, DAY + 6 * HOUR)).toEqual({ good: 0, total: 1, events: 0 });
  });
  it('averages slice ratios for RatioTimeslices', () => {
    const events = [
      { at: 0, good: 1, total: 2 },
      { at: HOUR, good: 1, total: 1 },
    ];
    const s = buildSeries(events, { method: 'RatioTimeslices', sliceMs: HOUR, from: 0, to: 2 * HOUR });
    expect(s.window(0, 2 * HOUR)).toEqual({ good: 1.5, total: 2, events: 1 });
  });
  it('keeps error ratios in [0, 1] (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: DAY }), good: fc.nat(5), extra: fc.nat(5) })),
        fc.constantFrom('Occurrences', 'Timeslices', 'RatioTimeslices') as fc.Arbitrary<
          SloSpec['budgetingMethod']
        >,
        (raw, method) => {
          const events = raw.map((e) => ({ at: e.at, good: e.good, total: e.good + e.extra }));
          const s = buildSeries(events, { method, sliceMs: HOUR, sliceTarget: 0.9, from: 0, to: DAY });
          const r = errorRatio(s.window(0, DAY));
          return r === null || (r >= 0 && r <= 1);
        },
      ),
    );
  });
});

describe('evaluateSlo', () => {
  it('pages on a fast burn: 2 % errors in the last hour of a 99.9 % SLO burn at 20x', () => {
    const fast = perMinuteShare(30 * DAY, (at) => (at > NOW - HOUR ? 0.02 : 0));
    expect(fast.length).toBe(30 * 24 * 60);
    const e = evaluateSlo(spec(), fast, NOW);
    const hour = e.windows.find((w) => w.window === '1h');
    expect(hour?.events).toBe(60);
    expect(e.rules[0]?.longBurn).toBeCloseTo(20, 6);
    expect(e.rules[0]?.shortBurn).toBeCloseTo(20, 6);
    // 1 h of 20x over 30 days spends 20 / 720 of the budget.
    expect(e.budgetLeft).toBeCloseTo(1 - 20 / 720, 9);
    expect(e.firing).toBe('page');
    expect(e.status).toBe('critical');
  });
  it('tickets, not pages, on a slow even burn at 2x', () => {
    const slow = perMinuteShare(30 * DAY, () => 0.002);
    const e = evaluateSlo(spec(), slow, NOW);
    expect(e.rules.map((r) => r.firing)).toEqual([false, false, false, true]);
    expect(e.firing).toBe('ticket');
    expect(e.budgetLeft).toBeCloseTo(1 - 2, 1);
  });
  it('is ok with no errors and warns about a sparse daily job', () => {
    const daily = Array.from({ length: 30 }, (_, i) => ({ at: NOW - i * DAY, good: 1, total: 1 }));
    const e = evaluateSlo(spec(), daily, NOW);
    expect(e.status).toBe('ok');
    expect(e.budgetLeft).toBe(1);
    expect(e.warnings[0]).toMatch(/1h window holds 1 event\(s\).*Timeslices/);
    expect(evaluateSlo(spec(), [], NOW).status).toBe('no_data');
  });
  it('draws a history that falls as errors accrue', () => {
    const events = perMinute(60 * DAY, (at) => at > NOW - 10 * DAY && (at / MIN) % 1000 === 0);
    const h = sloHistory(spec(), events, NOW, 10);
    expect(h).toHaveLength(10);
    expect(h.at(-1)?.at).toBe(NOW);
    expect((h[0]?.budgetLeft ?? 0) > (h.at(-1)?.budgetLeft ?? 1)).toBe(true);
  });
});

describe('periods', () => {
  it('a calendar month in a zone starts at local midnight on the 1st', () => {
    const p = periodAt(
      { rolling: false, duration: '1M', startTime: '2026-01-01 00:00:00', timeZone: 'Europe/Paris' },
      Date.parse('2026-03-31T12:00:00Z'),
    );
    expect(new Date(p.start).toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(new Date(p.end).toISOString()).toBe('2026-03-31T22:00:00.000Z');
  });
});

describe('incident budget burn', () => {
  it('an hour of total failure in 30 days of one event a minute spends 1.39 of a 99.9 % budget', () => {
    const events = perMinute(30 * DAY, (at) => at > NOW - 2 * HOUR && at <= NOW - HOUR);
    const burn = incidentBudgetBurn(spec(), events, NOW - 2 * HOUR, NOW - HOUR);
    expect(burn.bad).toBe(60);
    // The period ending at the incident's end holds 30 days of events, less the last hour.
    expect(burn.allowed).toBeCloseTo((30 * 24 * 60 - 60) * 0.001, 6);
    expect(burn.share).toBeCloseTo(60 / ((30 * 24 * 60 - 60) * 0.001), 6);
  });
});
