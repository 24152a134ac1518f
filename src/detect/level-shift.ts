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
  /** median and spread of the reference window, refreshed every REFRESH points (cached: it sorts) */
  ref?: { before: number; scale: number } | undefined;
}

const REFRESH = 4;

interface Reading {
  before: number;
  after: number;
  scale: number;
  z: number;
}

function read(s: LevelShiftState, value: number): Reading | null {
  if (s.window.length < SHORT + 8) return null;
  const len = s.window.length;
  const { before, scale } = s.ref ?? reference(s.window);
  const last = s.window.slice(len - SHORT + 1);
  last.push(value);
  const after = median(last);
  return { before, after, scale, z: (after - before) / (scale * MEDIAN_SD) };
}

/** The reference window is everything but the newest SHORT points (the next one included). */
function reference(window: readonly number[]): { before: number; scale: number } {
  const ref = window.slice(1, window.length - SHORT + 1);
  const before = median(ref);
  const scale = Math.max(robustSigma(sortedDeviations(ref, before)), 1e-3 * Math.abs(before), 1e-9);
  return { before, scale };
}

/** The reason is built only when read, in a scope of its own (the verdict keeps nothing else alive). */
function shiftVerdict(
  status: Verdict['status'],
  score: number,
  expected: Verdict['expected'],
  r: Reading,
  label: string,
): Verdict {
  return {
    status,
    score,
    expected,
    get reason() {
      const change = Math.abs(r.after - r.before) / Math.abs(r.before);
      const pct = r.before === 0 ? '' : ` (${Math.round(change * 100)} %)`;
      const moved = r.after >= r.before ? 'up' : 'down';
      return (
        `${label} level moved ${moved}${pct} from about ${formatNumber(r.before)} ` +
        `to ${formatNumber(r.after)} over the last ${SHORT} points`
      );
    },
  };
}

export interface LevelShiftAssessment {
  verdict: Verdict;
  /** |z| of the move, before direction and tolerance (what the rarity history learns) */
  z: number | null;
  /** signed z after the direction filter and tolerance (what the verdict is judged on) */
  judged: number;
}

export function assessLevelShift(s: LevelShiftState, p: Point): LevelShiftAssessment {
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
      judged: 0,
    };
  }
  const expected = { lower: r.before - zAlert * r.scale, upper: r.before + zAlert * r.scale };
  const z = directional(r.after - r.before, s.opts.direction) / (r.scale * MEDIAN_SD) / s.tolerance;
  const score = Math.min(scoreOfZ(z), rarityScore(s.rarity, tailOf(s.rarity, Math.abs(z))));
  const status = score >= ALERT_SCORE[s.opts.sensitivity] ? 'anomaly' : 'ok';
  const verdict = shiftVerdict(status, score, expected, r, s.opts.metricLabel);
  return { verdict, z: Math.abs(r.z), judged: z };
}

/** Learns the point scored by `a` (skipped by the caller for excluded points). */
export function learnLevelShift(
  s: LevelShiftState,
  p: Point,
  a: LevelShiftAssessment,
  /** false skips the surprise history (the ensemble judges surprise its own way) */
  rarity = true,
): LevelShiftState {
  const window = pushRing(s.window, p.value, SHORT + LONG);
  // The reference moves by one point in LONG: refreshing it every REFRESH points is enough.
  const full = window.length >= SHORT + LONG;
  const ref =
    window.length < SHORT + 8
      ? undefined
      : full && s.ref && (s.n + 1) % REFRESH !== 0
        ? s.ref
        : reference(window);
  return {
    ...s,
    n: s.n + 1,
    window,
    ref,
    rarity: a.z === null || !rarity ? s.rarity : observe(s.rarity, a.z),
  };
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
    const a = assessLevelShift(state, point);
    if (opts?.exclude || !Number.isFinite(point.value)) return { verdict: a.verdict, state };
    return { verdict: a.verdict, state: learnLevelShift(state, point, a) };
  },
  applyFeedback(state, point, kind) {
    if (kind === 'expected') {
      // The new level is accepted: the reference window moves to it, keeping its spread.
      const delta = point.value - median(state.window);
      const window = state.window.map((x) => x + delta);
      return { ...state, window, ref: window.length < SHORT + 8 ? undefined : reference(window) };
    }
    const r = read(state, point.value);
    const zAlert = zOfScore(ALERT_SCORE[state.opts.sensitivity]);
    const z = r ? Math.abs(r.z) : 0;
    return { ...state, tolerance: Math.min(4, Math.max(state.tolerance, (z / zAlert) * 1.1)) };
  },
};
