/**
 * Freshness: is the table late for its own habit? A point is a check: `time` is when we looked,
 * `value` the seconds since the table last changed. From that, last update = time - value; when it
 * moves forward, a new update happened and the gap since the previous update is learnt, both in
 * one overall ring and in the ring of the weekday and hour (in the monitor's zone) the previous
 * update landed in. A table that loads hourly on weekdays and not at all at weekends therefore
 * learns a 60-hour gap after Friday's last load and is not called late on Saturday.
 * Lateness: age above median gap + z x spread (MAD, floored at 10 % of the gap and a minute).
 */
import { ALERT_SCORE, type Resolved, resolveOptions, scoreOfZ, zOfScore } from './options.js';
import { wallClock } from './reason.js';
import { median, pushRing } from './robust.js';
import type { Detector, DetectorOptions, Point, Verdict } from './types.js';

const RING = 32;
const BUCKET_RING = 4;
const DEFAULT_MIN_GAPS = 5;

export interface FreshnessState {
  v: 1;
  opts: Resolved;
  /** epoch ms of the last update seen */
  lastUpdate: number | null;
  /** recent gaps between updates, ms */
  gaps: number[];
  /** gaps by "weekday hour" of the update that opened them, e.g. "Monday 09" */
  byHour: Record<string, number[]>;
  tolerance: number;
}

function bucketOf(time: number, timeZone: string): string {
  const { weekday, hm } = wallClock(time, timeZone);
  return `${weekday} ${hm.slice(0, 2)}`;
}

function expectedGap(s: FreshnessState, lastUpdate: number): { centre: number; spread: number; key: string } {
  const key = bucketOf(lastUpdate, s.opts.timeZone);
  const local = s.byHour[key] ?? [];
  const gaps = local.length >= 2 ? local : s.gaps;
  const centre = median(gaps);
  const abs = gaps.map((g) => Math.abs(g - centre)).sort((a, b) => a - b);
  const mad = 1.4826 * (abs[abs.length >> 1] ?? 0);
  return { centre, spread: Math.max(mad, 0.1 * centre, 60_000), key };
}

export function formatDuration(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function assess(s: FreshnessState, p: Point): Verdict {
  const age = Math.max(0, p.value) * 1000;
  const lastUpdate = p.time - age;
  if (s.gaps.length < s.opts.minTrainingPoints) {
    const left = s.opts.minTrainingPoints - s.gaps.length;
    return {
      status: 'learning',
      score: 0,
      expected: null,
      reason: `learning the update cadence: ${left} more update${left === 1 ? '' : 's'} to see`,
    };
  }
  const { centre, spread, key } = expectedGap(s, lastUpdate);
  const zAlert = zOfScore(ALERT_SCORE[s.opts.sensitivity]) * s.tolerance;
  const upper = centre + zAlert * spread;
  const score = age > centre ? scoreOfZ((age - centre) / spread / s.tolerance) : 0;
  const late = score >= ALERT_SCORE[s.opts.sensitivity];
  const habit = `it usually updates every ${formatDuration(centre)} after a ${key}:00 update`;
  const reason = late
    ? `last updated ${formatDuration(age)} ago, late: ${habit} (late after ${formatDuration(upper)})`
    : `last updated ${formatDuration(age)} ago; ${habit}`;
  return { status: late ? 'anomaly' : 'ok', score, expected: { lower: 0, upper: upper / 1000 }, reason };
}

function recordUpdate(s: FreshnessState, updateTime: number): FreshnessState {
  if (s.lastUpdate === null) return { ...s, lastUpdate: updateTime };
  // Ages are whole seconds in most catalogs, so a move under two seconds is the same update.
  if (updateTime <= s.lastUpdate + 2000) return s;
  const gap = updateTime - s.lastUpdate;
  const key = bucketOf(s.lastUpdate, s.opts.timeZone);
  return {
    ...s,
    lastUpdate: updateTime,
    gaps: pushRing(s.gaps, gap, RING),
    byHour: { ...s.byHour, [key]: pushRing(s.byHour[key] ?? [], gap, BUCKET_RING) },
  };
}

/** Trains from known update timestamps (epoch ms, any order), e.g. a table's load history. */
export function learnUpdates(s: FreshnessState, updateTimes: readonly number[]): FreshnessState {
  return [...updateTimes].sort((a, b) => a - b).reduce(recordUpdate, s);
}

export const freshnessDetector: Detector<FreshnessState> = {
  name: 'freshness',
  init(options: DetectorOptions): FreshnessState {
    return {
      v: 1,
      opts: resolveOptions({ ...options, direction: 'up' }, DEFAULT_MIN_GAPS),
      lastUpdate: null,
      gaps: [],
      byHour: {},
      tolerance: 1,
    };
  },
  update(state, point, opts) {
    const verdict = assess(state, point);
    if (opts?.exclude || !Number.isFinite(point.value)) return { verdict, state };
    return { verdict, state: recordUpdate(state, point.time - Math.max(0, point.value) * 1000) };
  },
  applyFeedback(state, point, kind) {
    const age = Math.max(0, point.value) * 1000;
    if (kind === 'expected') {
      // A long wait that was fine: it joins the history of gaps for that hour.
      const key = bucketOf(point.time - age, state.opts.timeZone);
      return {
        ...state,
        gaps: pushRing(state.gaps, age, RING),
        byHour: { ...state.byHour, [key]: pushRing(state.byHour[key] ?? [], age, BUCKET_RING) },
      };
    }
    const { centre, spread } = expectedGap(state, point.time - age);
    const zAlert = zOfScore(ALERT_SCORE[state.opts.sensitivity]);
    const z = Math.max(0, age - centre) / spread;
    return { ...state, tolerance: Math.min(4, Math.max(state.tolerance, (z / zAlert) * 1.1)) };
  },
};
