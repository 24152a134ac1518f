/**
 * NAB scoring (Lavin & Ahmad 2015, numenta/NAB): each row outside the probation period is either
 * inside an anomaly window or not. A detection inside a window earns the scaled sigmoid of its
 * relative position (early = close to +1, only the best detection of a window counts); a window
 * with no detection costs the FN weight; every detection outside windows costs the FP weight times
 * the sigmoid of its distance from the previous window's end. One threshold serves the whole
 * corpus; the sweep picks the one with the highest raw score, normalised so that a detector that
 * never fires scores 0 and a perfect one 100.
 */

export interface CostProfile {
  tp: number;
  fp: number;
  fn: number;
}

export const PROFILES: Record<ProfileName, CostProfile> = {
  standard: { tp: 1.0, fp: 0.11, fn: 1.0 },
  reward_low_FP_rate: { tp: 1.0, fp: 0.22, fn: 1.0 },
  reward_low_FN_rate: { tp: 1.0, fp: 0.11, fn: 2.0 },
};
export type ProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';
export const PROFILE_NAMES: readonly ProfileName[] = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];

export interface ScoredSeries {
  /** a unique name, e.g. "<category>/<file>.csv" */
  rel: string;
  /** one anomaly score in [0,1] per data row */
  scores: ArrayLike<number>;
  /** inclusive row-index windows */
  windows: ReadonlyArray<readonly [number, number]>;
}

export interface ProfileResult {
  score: number;
  threshold: number;
  raw: number;
  windows: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** NAB's scaled sigmoid: +1 deep before a window's end, -1 far after it. */
export const scaledSigmoid = (p: number) => (p > 3.0 ? -1.0 : 2 * sigmoid(-5 * p) - 1.0);

interface SweepPoint {
  a: number;
  s: number;
  /** window id, or -1 for rows outside every window */
  win: number;
}

/** Rows after probation with the weight each would earn if detected. */
function sweepPoints(f: ScoredSeries, w: CostProfile, winBase: number): SweepPoint[] {
  const n = f.scores.length;
  const probation = Math.min(Math.floor(0.15 * n), 0.15 * 5000);
  const maxTP = scaledSigmoid(-1.0);
  const pts: SweepPoint[] = [];
  let wi = 0;
  let cur: { l: number; r: number; w: number; id: number } | null = null;
  let prevRight: number | null = null;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const next = f.windows[wi];
    if (cur === null && next && i === next[0]) {
      cur = { l: next[0], r: next[1], w: next[1] - next[0] + 1, id: winBase + wi };
      wi++;
    }
    let s: number;
    if (cur) s = (scaledSigmoid(-(cur.r - i + 1) / cur.w) * w.tp) / maxTP;
    else s = (prevRight === null ? -1.0 : scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1))) * w.fp;
    // Rows in probation are not scored, but a window that starts there still counts as a window.
    if (i >= probation) pts.push({ a: f.scores[i] ?? 0, s, win: cur ? cur.id : -1 });
    if (cur && i === cur.r) {
      prevRight = i;
      prevWidth = cur.w;
      cur = null;
    }
  }
  return pts;
}

function collect(series: readonly ScoredSeries[], w: CostProfile): SweepPoint[] {
  const pts: SweepPoint[] = [];
  let base = 0;
  for (const f of series) {
    for (const p of sweepPoints(f, w, base)) pts.push(p);
    base += f.windows.length;
  }
  return pts;
}

function normalise(raw: number, nWin: number, w: CostProfile): number {
  const nullRaw = -w.fn * nWin;
  const perfect = w.tp * nWin;
  return (100 * (raw - nullRaw)) / (perfect - nullRaw);
}

/** Best threshold for the whole corpus (detections are rows with score >= threshold). */
export function optimiseProfile(series: readonly ScoredSeries[], w: CostProfile): ProfileResult {
  const pts = collect(series, w).sort((x, y) => y.a - x.a);
  const best = new Map<number, number>();
  for (const p of pts) if (p.win >= 0) best.set(p.win, -w.fn);
  let fpSum = 0;
  let winSum = [...best.values()].reduce((a, b) => a + b, 0);
  let top = { threshold: 1.1, raw: winSum };
  let curT = 1.1;
  for (const p of pts) {
    if (p.a !== curT) {
      const raw = winSum + fpSum;
      if (raw > top.raw) top = { threshold: curT, raw };
      curT = p.a;
    }
    if (p.win < 0) fpSum += p.s;
    else {
      const old = best.get(p.win) ?? -w.fn;
      if (p.s > old) {
        winSum += p.s - old;
        best.set(p.win, p.s);
      }
    }
  }
  const raw = winSum + fpSum;
  if (raw > top.raw) top = { threshold: curT, raw };
  return { ...top, windows: best.size, score: normalise(top.raw, best.size, w) };
}

/** Score at a fixed threshold: what a user gets at a shipped sensitivity. */
export function scoreAtThreshold(
  series: readonly ScoredSeries[],
  w: CostProfile,
  threshold: number,
): ProfileResult {
  const pts = collect(series, w);
  const best = new Map<number, number>();
  let fpSum = 0;
  for (const p of pts) {
    if (p.win >= 0 && !best.has(p.win)) best.set(p.win, -w.fn);
    if (p.a < threshold) continue;
    if (p.win < 0) fpSum += p.s;
    else if (p.s > (best.get(p.win) ?? -w.fn)) best.set(p.win, p.s);
  }
  const raw = [...best.values()].reduce((a, b) => a + b, fpSum);
  return { threshold, raw, windows: best.size, score: normalise(raw, best.size, w) };
}

export function scoreAllProfiles(
  series: readonly ScoredSeries[],
  threshold?: number,
): Record<ProfileName, ProfileResult> {
  const out = {} as Record<ProfileName, ProfileResult>;
  for (const name of PROFILE_NAMES) {
    out[name] =
      threshold === undefined
        ? optimiseProfile(series, PROFILES[name])
        : scoreAtThreshold(series, PROFILES[name], threshold);
  }
  return out;
}
