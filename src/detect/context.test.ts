import { describe, expect, it } from 'vitest';
import {
  type ContextReading,
  type ContextState,
  emptyContext,
  learnContext,
  readContext,
} from './context.js';
import { getDetector } from './index.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);

/** Feeds `values` in order; returns the readings and the state after them. */
function feed(values: number[], start = emptyContext()): { readings: ContextReading[]; state: ContextState } {
  let state = start;
  const readings = values.map((v) => {
    const r = readContext(state, v);
    state = learnContext(state, v, r);
    return r;
  });
  return { readings, state };
}

/**
 * A sawtooth: climbs from 0 to 100 in steps of 10, then falls back to 0. It starts with the top
 * and the floor so that the bands are cut on the full range from the start (moves made while the
 * range is still growing are learnt on a coarser cut).
 */
function sawtooth(n: number): number[] {
  return [100, ...Array.from({ length: n - 1 }, (_, i) => (i % 11) * 10)];
}

describe('context view', () => {
  it('says when a value leaves the known range, but not for a step within the margin', () => {
    const { state } = feed(sawtooth(550));
    expect(readContext(state, 130).outside).toBe(1);
    expect(readContext(state, -40).outside).toBe(-1);
    expect(readContext(state, 102).outside).toBe(0);
    expect(readContext(state, 55).outside).toBe(0);
  });

  it('finds a move the series never made, and learns it once seen', () => {
    const { readings, state } = feed(sawtooth(550));
    // Every move of the sawtooth is known by now: small climbs and the fall from the top.
    expect(readings.slice(100).every((r) => r.newMove === 0)).toBe(true);
    // At the bottom, a leap straight to the top has never happened.
    const atBottom = feed([0], state).state;
    const leap = readContext(atBottom, 100);
    expect(leap.newMove).toBe(1);
    const learnt = learnContext(atBottom, 100, leap);
    expect(readContext(learnContext(learnt, 0, readContext(learnt, 0)), 100).newMove).toBe(0);
  });

  it('marks the way back from a novel point as such', () => {
    const { state } = feed(sawtooth(550));
    const { readings } = feed([50, 400, 50], state);
    expect(readings[1]!.outside).toBe(1);
    expect(readings[2]!.fromNovel).toBe(true);
  });

  it('keeps its state small however long the history', () => {
    const { state } = feed(Array.from({ length: 20_000 }, (_, i) => Math.sin(i / 7) * 50 + (i % 13)));
    expect(JSON.stringify(state).length).toBeLessThan(2 * 1024);
    expect(state.lows.length).toBeLessThanOrEqual(50);
  });
});

describe('ensemble with the context view', () => {
  /** A minute-level sawtooth with a little noise, and one leap from the floor to the top. */
  function sawtoothPoints(n: number, leapAt: number) {
    return Array.from({ length: n }, (_, i) => {
      const base = i === leapAt || i === 0 ? 100 : ((i - 1) % 11) * 10;
      return { time: T0 + i * MINUTE, value: base + ((i * 7) % 3) * 0.1 };
    });
  }

  it('alerts on a value inside the usual range reached by a move never made before', () => {
    const leapAt = 11 * 60 + 2; // right after a fall to the floor
    const pts = sawtoothPoints(800, leapAt);
    const d = getDetector('ensemble');
    let state = d.init({ metricLabel: 'queue depth' });
    const verdicts = pts.map((p) => {
      const r = d.update(state, p);
      state = r.state;
      return r.verdict;
    });
    const leap = verdicts[leapAt]!;
    expect(leap.status).toBe('anomaly');
    expect(leap.reason).toMatch(/^queue depth 100(\.\d+)? /);
    const quiet = verdicts.slice(200, leapAt).concat(verdicts.slice(leapAt + 12));
    expect(quiet.filter((v) => v.status === 'anomaly')).toEqual([]);
  });
});
