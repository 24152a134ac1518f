/**
 * Level-shift detector: a sudden lasting move of the level. It compares the median of the last
 * SHORT points with the median of the LONG points before them; the spread is the MAD of that
 * reference window (floored by its 90th percentile for quantised metrics). A single spike moves
 * a median of SHORT points little, so this fires on shifts, not spikes. Once the new level has
 * lasted about LONG/2 points it is the reference, and alerts stop by themselves.
 */
import { ALERT_SCORE, directional, type Resolved, resolveOptions, scoreOfZ, zOfScore } from './options.js';
import { emptyRarity, observe, type Rarity, rarityScore, tailOf } from './rarity.js';
import { formatNumber } from './reason.js';
import { median, pushRing, robustSigma, sortedDeviations } from './robust.js';
import type { Detector, DetectorOptions, Point, Verdict } from './types.js';

const SHORT = 6;
const LONG = 60;
/** sd of the median of SHORT normal points, in units of the point sd */
const MEDIAN_SD = 1.2533 / Math.sqrt(SHORT);

export interface LevelShiftState {
  v: 1;
  opts: Resolved;
  n: number;
  /** the last SHORT + LONG values, oldest first */
  window: number[];
  tolerance: number;
  rarity: Rarity;
}

interface Reading {
  before: number;
  after: number;
  scale: number;
  z: number;
}

function read(s: LevelShiftState, value: number): Reading | null {
  if (s.window.length < SHORT + 8) return null;
  const w = [...s.window.slice(1), value];
  const ref = w.slice(0, w.length - SHORT);
  const before = median(ref);
  const after = median(w.slice(-SHORT));
  const scale = Math.max(robustSigma(sortedDeviations(ref, before)), 1e-3 * Math.abs(before), 1e-9);
  return { before, after, scale, z: (after - before) / (scale * MEDIAN_SD) };
}

function assess(s: LevelShiftState, p: Point): { verdict: Verdict; z: number | null } {
  const r = read(s, p.value);
  const zAlert = zOfScore(ALERT_SCORE[s.opts.sensitivity]) * s.tolerance;
  if (!r || s.n < s.opts.minTrainingPoints) {
    const left = Math.max(0, s.opts.minTrainingPoints - s.n, SHORT + 8 - s.window.length);
    return {
      verdict: {
        status: 'learning',
        score: 0,
        expected: null,
        reason: `learning the level: ${left} more points`,
      },
      z: null,
    };
  }
  const expected = { lower: r.before - zAlert * r.scale, upper: r.before + zAlert * r.scale };
  const z = directional(r.after - r.before, s.opts.direction) / (r.scale * MEDIAN_SD) / s.tolerance;
  const score = Math.min(scoreOfZ(z), rarityScore(s.rarity, tailOf(s.rarity, Math.abs(z))));
  const pct =
    r.before === 0 ? '' : ` (${Math.round((Math.abs(r.after - r.before) / Math.abs(r.before)) * 100)} %)`;
  const moved = r.after >= r.before ? 'up' : 'down';
  const reason =
    `${s.opts.metricLabel} level moved ${moved}${pct} from about ${formatNumber(r.before)} ` +
    `to ${formatNumber(r.after)} over the last ${SHORT} points`;
  const status = score >= ALERT_SCORE[s.opts.sensitivity] ? 'anomaly' : 'ok';
  return { verdict: { status, score, expected, reason }, z: Math.abs(r.z) };
}

export const levelShiftDetector: Detector<LevelShiftState> = {
  name: 'level-shift',
  init(options: DetectorOptions): LevelShiftState {
    return {
      v: 1,
      opts: resolveOptions(options, SHORT + 24),
      n: 0,
      window: [],
      tolerance: 1,
      rarity: emptyRarity(),
    };
  },
  update(state, point, opts) {
    const { verdict, z } = assess(state, point);
    if (opts?.exclude || !Number.isFinite(point.value)) return { verdict, state };
    return {
      verdict,
      state: {
        ...state,
        n: state.n + 1,
        window: pushRing(state.window, point.value, SHORT + LONG),
        rarity: z === null ? state.rarity : observe(state.rarity, z),
      },
    };
  },
  applyFeedback(state, point, kind) {
    if (kind === 'expected') {
      // The new level is accepted: the reference window moves to it, keeping its spread.
      const delta = point.value - median(state.window);
      return { ...state, window: state.window.map((x) => x + delta) };
    }
    const r = read(state, point.value);
    const zAlert = zOfScore(ALERT_SCORE[state.opts.sensitivity]);
    const z = r ? Math.abs(r.z) : 0;
    return { ...state, tolerance: Math.min(4, Math.max(state.tolerance, (z / zAlert) * 1.1)) };
  },
};
