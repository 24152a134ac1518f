/**
 * Robust seasonal baseline, streaming. Three candidate forecasts compete on their recent error:
 *  - none: the median of the last few points (a local level),
 *  - day:  a slow de-seasonalised level plus the median offset of this time-of-day bin,
 *  - week: the same with day-of-week x time-of-day bins.
 * The season is therefore found from the data: a profile needs two full periods of history and
 * must beat the local level by a margin before it is used. Spread is the MAD of recent residuals
 * of the chosen forecast, never a standard deviation, so spikes do not widen the band.
 * Every update is O(1) in history length (bounded rings), and state is plain JSON.
 */
import { clip, compact, madScale, median, pushRing, robustSigma, sortedDeviations } from './robust.js';

export type Season = 'none' | 'day' | 'week';

export interface Profile {
  period: number;
  /** ring per bin of (value - level) deviations */
  slots: number[][];
}

export interface SeasonalModel {
  n: number;
  t0: number | null;
  lastTime: number | null;
  gaps: number[];
  recent: number[];
  level: number | null;
  resid: number[];
  /** robust sigma of recent residuals, recomputed on each learn (cached: it sorts a ring) */
  scale: number;
  /** exponentially weighted mean absolute error of each candidate forecast */
  err: Record<Season, number>;
  day: Profile | null;
  week: Profile | null;
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const GAP_RING = 15;
const LOCAL_RING = 16;
const RESID_RING = 128;
const SLOT_RING = 5;
const RESCALE = 4;
const MAX_BINS: Record<'day' | 'week', number> = { day: 288, week: 336 };
const ERR_RATE = 0.02;
/** a season must cut the local forecast error by this factor before it is trusted */
const SEASON_MARGIN = 0.9;

export function emptyModel(): SeasonalModel {
  return {
    n: 0,
    t0: null,
    lastTime: null,
    gaps: [],
    recent: [],
    level: null,
    resid: [],
    scale: 0,
    err: { none: 0, day: 0, week: 0 },
    day: null,
    week: null,
  };
}

/** Typical spacing between points (ms), from the median of recent gaps. */
export function cadence(m: SeasonalModel): number | null {
  return m.gaps.length >= 3 ? median(m.gaps) : null;
}

function binOf(p: Profile, time: number): number {
  const bins = p.slots.length;
  const phase = ((time % p.period) + p.period) % p.period;
  return Math.min(bins - 1, Math.floor((phase / p.period) * bins));
}

function makeProfile(period: number, interval: number, maxBins: number): Profile {
  const bins = Math.max(1, Math.min(maxBins, Math.round(period / interval)));
  return { period, slots: Array.from({ length: bins }, () => []) };
}

function offsetOf(p: Profile | null, time: number): number | null {
  if (!p) return null;
  const slot = p.slots[binOf(p, time)];
  return slot && slot.length > 0 ? median(slot) : null;
}

function ready(m: SeasonalModel, p: Profile | null, time: number): boolean {
  return p !== null && m.t0 !== null && time - m.t0 >= 2 * p.period;
}

export interface Forecast {
  season: Season;
  centre: number;
  /** robust sigma of the chosen forecast's residuals */
  scale: number;
}

/** The forecast for `time`, or null before anything has been learnt. */
export function forecast(m: SeasonalModel, time: number): Forecast | null {
  if (m.level === null || m.recent.length === 0) return null;
  const local = median(m.recent);
  let best: Forecast = { season: 'none', centre: local, scale: 0 };
  let bestErr = m.err.none * SEASON_MARGIN;
  for (const season of ['day', 'week'] as const) {
    const p = m[season];
    const off = offsetOf(p, time);
    if (off === null || !ready(m, p, time) || m.err[season] >= bestErr) continue;
    best = { season, centre: m.level + off, scale: 0 };
    bestErr = m.err[season];
  }
  best.scale = scaleFloor(m, best.centre);
  return best;
}

/** MAD of residuals, floored so a flat series does not turn a rounding error into an alert. */
function scaleFloor(m: SeasonalModel, centre: number): number {
  return Math.max(m.scale, 1e-9, 1e-3 * Math.abs(centre));
}

function residualScale(m: SeasonalModel): number {
  const spread = m.recent.length >= 4 ? madScale(m.recent) : 0;
  if (m.resid.length < 8) return spread;
  return Math.max(robustSigma(sortedDeviations(m.resid, 0)), 0.05 * spread);
}

/** Learns `value` at `time`. Returns a new model; the input is left untouched. */
export function learn(m: SeasonalModel, time: number, value: number): SeasonalModel {
  const next: SeasonalModel = { ...m, err: { ...m.err }, n: m.n + 1 };
  if (m.lastTime !== null && time > m.lastTime) next.gaps = pushRing(m.gaps, time - m.lastTime, GAP_RING);
  next.lastTime = time;
  if (next.t0 === null) next.t0 = time;

  const f = forecast(m, time);
  const scale = f ? f.scale : Math.abs(value) * 0.1 + 1e-9;
  if (f) {
    next.resid = pushRing(m.resid, value - f.centre, RESID_RING);
    const cap = 5 * scale;
    next.err.none += ERR_RATE * (Math.min(cap, Math.abs(value - median(m.recent))) - m.err.none);
    for (const season of ['day', 'week'] as const) {
      const off = offsetOf(m[season], time);
      if (off === null || m.level === null) continue;
      const e = Math.min(cap, Math.abs(value - m.level - off));
      next.err[season] = m.err[season] === 0 ? e : m.err[season] + ERR_RATE * (e - m.err[season]);
    }
  }
  next.recent = pushRing(m.recent, value, LOCAL_RING);

  const interval = cadence(next);
  if (interval !== null) {
    if (!next.day && interval <= DAY / 12) next.day = makeProfile(DAY, interval, MAX_BINS.day);
    if (!next.week && interval <= DAY) next.week = makeProfile(WEEK, interval, MAX_BINS.week);
  }
  // The de-seasonalised level moves slowly (about a tenth of a day) and only by clipped steps,
  // so a burst of outliers cannot drag it.
  const pointsPerDay = interval ? DAY / interval : 24;
  const alpha = clip(0.5 / pointsPerDay, 0.001, 0.3);
  const season = f && f.season !== 'none' ? f.season : null;
  const off = (season && offsetOf(m[season], time)) ?? offsetOf(next.day, time) ?? 0;
  if (m.level === null) next.level = value;
  else next.level = compact(m.level + alpha * clip(value - off - m.level, -4 * scale, 4 * scale));
  for (const s of ['day', 'week'] as const) {
    const p = next[s];
    if (!p || next.level === null) continue;
    const b = binOf(p, time);
    const slots = p.slots.slice();
    slots[b] = pushRing(slots[b] ?? [], compact(value - next.level), SLOT_RING);
    next[s] = { ...p, slots };
  }
  // The spread moves slowly: re-sorting the residual ring every RESCALE points is enough.
  if (next.n % RESCALE === 0 || next.resid.length < RESID_RING) next.scale = residualScale(next);
  return next;
}
