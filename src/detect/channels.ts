/**
 * Two extra views of a series that the seasonal baseline and the level-shift detector do not
 * take, each as a robust z-score against its own recent history:
 *  - step: the first difference (a sudden jump or drop, judged by how the series usually moves),
 *  - phase: the value against the median of the same phase in the last PHASE_DEPTH periods (a
 *    day, or a week for half-hourly and slower data), so a missing daily peak stands out even
 *    when the value itself is ordinary. The median of several periods keeps one odd day from
 *    echoing a period later.
 * Spreads are recomputed every RESCALE points from bounded rings (a sort of RING numbers), and
 * floored by a small share of the series' long-run spread so that a flat or piecewise-constant
 * series does not turn a rounding error into an alert.
 */
import { clip, compact, median, pushRing, robustSigma, sortedDeviations } from './robust.js';

const DAY = 86_400_000;
const RING = 64;
const RESCALE = 8;
const PHASE_DEPTH = 3;
const MAX_BINS = 400;
/** share of the long-run spread below which no deviation counts */
const FLOOR_SHARE = 0.02;
const SPREAD_RATE = 0.002;

export interface Channels {
  n: number;
  last: number | null;
  lastTime: number | null;
  /** exponentially weighted mean and mean absolute deviation of the value */
  mean: number;
  mad: number;
  gap: number | null;
  diffs: number[];
  diffScale: number;
  /** period (ms) and per-bin rings of the last PHASE_DEPTH values */
  period: number;
  bins: number[][];
  resid: number[];
  residScale: number;
  /** points in the current run of identical values */
  run?: number;
}

export function emptyChannels(): Channels {
  return {
    n: 0,
    last: null,
    lastTime: null,
    mean: 0,
    mad: 0,
    gap: null,
    diffs: [],
    diffScale: 0,
    period: 0,
    bins: [],
    resid: [],
    residScale: 0,
  };
}

export interface ChannelZ {
  step: number;
  phase: number;
  /** value against the long-run (slow, decayed) centre and spread: a value out of its usual range */
  extreme: number;
  /** length of the current run of identical values, in units of STUCK_UNIT points */
  stuck: number;
}

const STUCK_UNIT = 4;

function binOf(c: Channels, time: number): number {
  const phase = ((time % c.period) + c.period) % c.period;
  return Math.min(c.bins.length - 1, Math.floor((phase / c.period) * c.bins.length));
}

function phaseCentre(c: Channels, time: number): number | null {
  if (c.bins.length === 0) return null;
  const slot = c.bins[binOf(c, time)];
  return slot && slot.length >= 2 ? median(slot) : null;
}

function floorOf(c: Channels): number {
  return Math.max(FLOOR_SHARE * c.mad, 1e-9);
}

/** Robust z of the step and of the phase residual for `value` at `time` (0 while unknown). */
export function channelZ(c: Channels, time: number, value: number): ChannelZ {
  const floor = floorOf(c);
  const step = c.last === null || c.diffs.length < 8 ? 0 : (value - c.last) / Math.max(c.diffScale, floor);
  const centre = phaseCentre(c, time);
  const phase = centre === null || c.resid.length < 8 ? 0 : (value - centre) / Math.max(c.residScale, floor);
  const extreme = c.n < 8 ? 0 : (value - c.mean) / Math.max(1.2533 * c.mad, floor);
  const run = c.last !== null && value === c.last ? (c.run ?? 0) + 1 : 0;
  return { step, phase, extreme, stuck: run / STUCK_UNIT };
}

function rescale(ring: number[]): number {
  return compact(robustSigma(sortedDeviations(ring, median(ring))));
}

/** Learns `value` at `time`; returns a new state. */
export function learnChannels(c: Channels, time: number, value: number): Channels {
  const run = c.last !== null && value === c.last ? (c.run ?? 0) + 1 : 0;
  const next: Channels = { ...c, n: c.n + 1, last: value, lastTime: time, run };
  if (c.n === 0) next.mean = value;
  else {
    const w = Math.max(SPREAD_RATE, 1 / (c.n + 1));
    next.mad = compact(c.mad + w * (Math.abs(value - c.mean) - c.mad));
    next.mean = compact(c.mean + w * (value - c.mean));
  }
  if (c.last !== null) {
    next.diffs = pushRing(c.diffs, compact(value - c.last), RING);
    if (next.n % RESCALE === 0 || next.diffs.length < RING) next.diffScale = rescale(next.diffs);
  }
  if (c.lastTime !== null && time > c.lastTime) {
    const g = time - c.lastTime;
    next.gap = c.gap === null ? g : compact(c.gap + 0.1 * (clip(g, c.gap / 2, c.gap * 2) - c.gap));
  }
  // The period is fixed once the cadence is known: a week for half-hourly or slower data (it
  // fits in MAX_BINS), otherwise a day.
  if (next.period === 0 && next.gap !== null && next.n >= 16) {
    const week = 7 * DAY;
    const period = week / next.gap <= MAX_BINS ? week : DAY;
    const bins = Math.round(period / next.gap);
    if (bins >= 4 && bins <= MAX_BINS) {
      next.period = period;
      next.bins = Array.from({ length: bins }, () => []);
    }
  }
  if (next.period > 0) {
    const centre = phaseCentre(c, time);
    if (centre !== null) {
      next.resid = pushRing(c.resid, compact(value - centre), RING);
      if (next.n % RESCALE === 0 || next.resid.length < RING) next.residScale = rescale(next.resid);
    }
    const b = binOf(next, time);
    const bins = next.bins.slice();
    bins[b] = pushRing(bins[b] ?? [], compact(value), PHASE_DEPTH);
    next.bins = bins;
  }
  return next;
}
