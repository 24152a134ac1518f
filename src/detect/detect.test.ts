import { describe, expect, it } from 'vitest';
import { backtest, type DetectorOptions, getDetector, learnUpdates, type Point } from './index.js';
import { freshnessDetector } from './freshness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 0, 1); // a Monday

// Seeded uniform noise so every run sees the same series.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Hourly row counts with a daily cycle (busy by day, quiet at night) and +-3 % noise. */
function seasonal(days: number, seed = 1): Point[] {
  const r = rng(seed);
  return Array.from({ length: days * 24 }, (_, i) => {
    const base = 3000 + 1000 * Math.sin((2 * Math.PI * (i % 24)) / 24);
    return { time: T0 + i * HOUR, value: Math.round(base * (1 + 0.03 * (2 * r() - 1))) };
  });
}

function replay(name: Parameters<typeof getDetector>[0], points: Point[], options: DetectorOptions = {}) {
  const d = getDetector(name);
  let state = d.init(options);
  const verdicts = points.map((p) => {
    const r = d.update(state, p);
    state = r.state;
    return r.verdict;
  });
  return { verdicts, state };
}

describe('seasonal baseline and ensemble', () => {
  it('raises no alert on a clean seasonal series', () => {
    for (const name of ['seasonal', 'ensemble'] as const) {
      const { verdicts } = replay(name, seasonal(28));
      expect(verdicts.filter((v) => v.status === 'anomaly')).toEqual([]);
    }
  });

  it('flags a spike and says by how much it is above the band for that hour', () => {
    const pts = seasonal(21);
    const at = 20 * 24 + 9;
    pts[at] = { ...pts[at]!, value: pts[at]!.value * 3 };
    const { verdicts } = replay('ensemble', pts, { metricLabel: 'row count' });
    const v = verdicts[at]!;
    expect(v.status).toBe('anomaly');
    expect(v.score).toBeGreaterThan(0.9);
    expect(v.reason).toMatch(/^row count [\d,]+ is \d+ % above the expected [\d,]+-[\d,]+ for 09:00$/);
    expect(v.expected!.upper).toBeLessThan(pts[at]!.value);
    expect(verdicts.filter((x) => x.status === 'anomaly')).toHaveLength(1);
  });

  it('flags a drop to a fifth of the usual volume', () => {
    const pts = seasonal(21);
    const at = 20 * 24 + 14;
    pts[at] = { ...pts[at]!, value: Math.round(pts[at]!.value / 5) };
    const v = replay('ensemble', pts).verdicts[at]!;
    expect(v.status).toBe('anomaly');
    expect(v.reason).toMatch(/below the expected/);
  });

  it('reports a lasting level shift as a moved level', () => {
    const r = rng(7);
    const pts = Array.from({ length: 300 }, (_, i) => ({
      time: T0 + i * 600_000,
      value: (i < 200 ? 100 : 160) + 4 * (r() - 0.5),
    }));
    const { verdicts } = replay('level-shift', pts);
    const first = verdicts.findIndex((v) => v.status === 'anomaly');
    expect(first).toBeGreaterThanOrEqual(200);
    expect(first).toBeLessThan(210);
    expect(verdicts[first]!.reason).toMatch(/level moved up/);
    // Once the new level is the norm the alerts stop by themselves.
    expect(verdicts.slice(260).every((v) => v.status === 'ok')).toBe(true);
  });

  it('says "learning" until the minimum of training points', () => {
    const { verdicts } = replay('ensemble', seasonal(3), { minTrainingPoints: 48 });
    expect(verdicts.slice(0, 48).every((v) => v.status === 'learning')).toBe(true);
    expect(verdicts[0]!.reason).toMatch(/learning/);
    expect(verdicts[60]!.status).toBe('ok');
  });

  it('honours direction: up-only ignores a drop, down-only ignores a spike', () => {
    const pts = seasonal(21);
    const up = 20 * 24 + 9;
    const down = 19 * 24 + 15;
    pts[up] = { ...pts[up]!, value: pts[up]!.value * 3 };
    pts[down] = { ...pts[down]!, value: pts[down]!.value / 5 };
    const onlyUp = replay('ensemble', pts, { direction: 'up' }).verdicts;
    const onlyDown = replay('ensemble', pts, { direction: 'down' }).verdicts;
    expect([onlyUp[up]!.status, onlyUp[down]!.status]).toEqual(['anomaly', 'ok']);
    expect([onlyDown[up]!.status, onlyDown[down]!.status]).toEqual(['ok', 'anomaly']);
  });

  it('alerts on a moderate deviation at high sensitivity but not at low', () => {
    const pts = seasonal(21);
    const at = 20 * 24 + 12;
    pts[at] = { ...pts[at]!, value: Math.round(pts[at]!.value * 1.14) };
    const high = replay('seasonal', pts, { sensitivity: 'high' }).verdicts[at]!;
    const low = replay('seasonal', pts, { sensitivity: 'low' }).verdicts[at]!;
    expect(high.status).toBe('anomaly');
    expect(low.status).toBe('ok');
    // Same score, narrower band: sensitivity moves the alert line, not the measurement.
    expect(high.score).toBeCloseTo(low.score, 10);
    expect(high.expected!.upper - high.expected!.lower).toBeLessThan(
      low.expected!.upper - low.expected!.lower,
    );
  });

  it('leaves excluded periods out of training', () => {
    const pts = seasonal(14);
    const d = getDetector('ensemble');
    let state = d.init({});
    for (const p of pts) state = d.update(state, p).state;
    const before = JSON.stringify(state);
    // A day of broken loads during an incident, marked as bad data.
    for (let h = 0; h < 24; h++) {
      state = d.update(state, { time: T0 + (14 * 24 + h) * HOUR, value: 0 }, { exclude: true }).state;
    }
    expect(JSON.stringify(state)).toBe(before);
  });

  it('takes feedback in: a false alarm widens the band, "expected" accepts a new level', () => {
    const pts = seasonal(21);
    const at = 20 * 24 + 10;
    const spike = { ...pts[at]!, value: Math.round(pts[at]!.value * 1.3) };
    const d = getDetector('seasonal');
    let state = d.init({});
    for (const p of pts.slice(0, at)) state = d.update(state, p).state;
    expect(d.update(state, spike).verdict.status).toBe('anomaly');
    const widened = d.applyFeedback(state, spike, 'false_alarm');
    expect(d.update(widened, { ...spike, time: spike.time + DAY }).verdict.status).toBe('ok');

    const shift = getDetector('level-shift');
    let s2 = shift.init({});
    for (let i = 0; i < 100; i++) s2 = shift.update(s2, { time: T0 + i * HOUR, value: 100 + (i % 3) }).state;
    const moved = { time: T0 + 100 * HOUR, value: 150 };
    s2 = shift.applyFeedback(s2, moved, 'expected');
    for (let i = 101; i < 110; i++) {
      const r = shift.update(s2, { time: T0 + i * HOUR, value: 150 + (i % 3) });
      expect(r.verdict.status).toBe('ok');
      s2 = r.state;
    }
  });

  it('never mutates the state it is given, and keeps state small', () => {
    const d = getDetector('ensemble');
    let state = d.init({});
    for (const p of seasonal(60)) {
      const frozen = JSON.stringify(state);
      const next = d.update(state, p).state;
      expect(JSON.stringify(state)).toBe(frozen);
      state = next;
    }
    expect(JSON.stringify(state).length).toBeLessThan(64 * 1024);
  });
});

describe('freshness', () => {
  // Loads at about ten past every hour; checks every ten minutes report the age in seconds.
  function checks(hours: number, stopAfter = Number.POSITIVE_INFINITY): Point[] {
    const out: Point[] = [];
    let last = T0;
    for (let t = T0; t < T0 + hours * HOUR; t += 600_000) {
      const load = Math.floor((t - T0) / HOUR) * HOUR + T0 + 10 * 60_000;
      if (load <= t && load < T0 + stopAfter * HOUR) last = load;
      out.push({ time: t, value: (t - last) / 1000 });
    }
    return out;
  }

  it('is quiet while the table keeps its habit and alerts when it is late', () => {
    const { verdicts } = replay('freshness', checks(24 * 5 + 4, 24 * 5), { metricLabel: 'orders' });
    const lateFrom = 24 * 5 * 6; // first check after the last load
    expect(verdicts.slice(60, lateFrom).filter((v) => v.status === 'anomaly')).toEqual([]);
    const last = verdicts[verdicts.length - 1]!;
    expect(last.status).toBe('anomaly');
    expect(last.reason).toMatch(/late: it usually updates every 1 h/);
    expect(last.expected!.upper).toBeLessThan(2 * 3600);
  });

  it('learns from update timestamps and starts in "learning"', () => {
    const first = freshnessDetector.update(freshnessDetector.init({}), { time: T0, value: 60 });
    expect(first.verdict.status).toBe('learning');
    const trained = learnUpdates(
      freshnessDetector.init({}),
      Array.from({ length: 10 }, (_, i) => T0 + i * 6 * HOUR),
    );
    const v = freshnessDetector.update(trained, { time: T0 + 66 * HOUR, value: 12 * 3600 }).verdict;
    expect(v.status).toBe('anomaly');
  });
});

describe('backtest', () => {
  it('replays a history and lists the alerts with band, score and reason', () => {
    const pts = seasonal(21);
    const at = 20 * 24 + 9;
    pts[at] = { ...pts[at]!, value: pts[at]!.value * 3 };
    const r = backtest('ensemble', { metricLabel: 'row count' }, pts);
    expect(r.alerts).toHaveLength(1);
    expect(r.alerts[0]).toMatchObject({ time: pts[at]!.time, value: pts[at]!.value });
    expect(r.summary).toMatchObject({ points: pts.length, anomalies: 1, episodes: 1 });
    expect(r.summary.learning).toBeGreaterThan(0);
  });
});
