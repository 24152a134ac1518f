import type { BudgetingMethod } from './model.js';

/** One observation of an indicator: `good` of `total` events at an instant (ms since epoch). */
export interface SliEvent {
  at: number;
  good: number;
  total: number;
}

/** What a window holds: good and total units (events or slices) and the raw events seen. */
export interface WindowCount {
  good: number;
  total: number;
  events: number;
}

export interface SeriesOptions {
  method: BudgetingMethod;
  sliceMs?: number | undefined;
  /** Timeslices: a slice is good when its ratio reaches this. */
  sliceTarget?: number | undefined;
  /** The earliest and latest instants windows will ask about. */
  from: number;
  to: number;
}

/** Answers window questions over one indicator's events in O(log n) each. */
export interface SliSeries {
  window(from: number, to: number): WindowCount;
  /** Events in (from, to], raw, whatever the budgeting method. */
  events(from: number, to: number): number;
}

/** First index whose time is > t (events sorted by time). */
function upper(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Builds the prefix sums behind window queries. Occurrences count events in (from, to].
 * Timeslices cut time into slices aligned to the epoch; a slice's ratio is that of its events,
 * and a slice without events keeps the last known ratio (a table that was stale at the last check
 * is stale until a check says otherwise), so a sparse indicator such as a daily job still fills
 * every slice. Slices before the first event hold no data. RatioTimeslices averages slice ratios.
 */
export function buildSeries(input: SliEvent[], opts: SeriesOptions): SliSeries {
  const events = [...input].sort((a, b) => a.at - b.at);
  const times = events.map((e) => e.at);
  const count = (from: number, to: number) => upper(times, to) - upper(times, from);
  if (opts.method === 'Occurrences') {
    const good = [0];
    const total = [0];
    for (const e of events) {
      good.push((good.at(-1) as number) + e.good);
      total.push((total.at(-1) as number) + e.total);
    }
    return {
      events: count,
      window(from, to) {
        const a = upper(times, from);
        const b = upper(times, to);
        return {
          good: (good[b] as number) - (good[a] as number),
          total: (total[b] as number) - (total[a] as number),
          events: b - a,
        };
      },
    };
  }
  const slice = opts.sliceMs ?? 300_000;
  const first = Math.floor(opts.from / slice);
  const last = Math.floor((opts.to - 1) / slice);
  const n = Math.max(0, last - first + 1);
  // Per slice: its ratio (carried forward), as prefix sums of data, good slices and ratios.
  const withData = new Float64Array(n + 1);
  const goodSlices = new Float64Array(n + 1);
  const ratioSum = new Float64Array(n + 1);
  let i = upper(times, first * slice - 1) - 1; // the last event before the first slice seeds the state
  let ratio: number | null = null;
  if (i >= 0) {
    const e = events[i] as SliEvent;
    ratio = e.total > 0 ? e.good / e.total : null;
  }
  i = Math.max(i + 1, 0);
  for (let s = 0; s < n; s++) {
    const end = (first + s + 1) * slice;
    let g = 0;
    let t = 0;
    while (i < events.length && (events[i] as SliEvent).at < end) {
      g += (events[i] as SliEvent).good;
      t += (events[i] as SliEvent).total;
      i++;
    }
    if (t > 0) ratio = g / t;
    const has = ratio !== null;
    withData[s + 1] = (withData[s] as number) + (has ? 1 : 0);
    const good = has && (ratio as number) >= (opts.sliceTarget ?? 1) - 1e-12;
    goodSlices[s + 1] = (goodSlices[s] as number) + (good ? 1 : 0);
    ratioSum[s + 1] = (ratioSum[s] as number) + (has ? (ratio as number) : 0);
  }
  const sums = opts.method === 'Timeslices' ? goodSlices : ratioSum;
  return {
    events: count,
    window(from, to) {
      // The slices that overlap (from, to].
      const a = Math.min(n, Math.max(0, Math.floor(from / slice) - first));
      const b = Math.min(n, Math.max(0, Math.floor((to - 1) / slice) - first + 1));
      const lo = Math.min(a, b);
      return {
        good: (sums[b] as number) - (sums[lo] as number),
        total: (withData[b] as number) - (withData[lo] as number),
        events: count(from, to),
      };
    },
  };
}

/** 1 - good/total, or null when the window holds nothing. */
export function errorRatio(w: WindowCount): number | null {
  return w.total > 0 ? Math.max(0, 1 - w.good / w.total) : null;
}
