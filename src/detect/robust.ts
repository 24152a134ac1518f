/** Small robust-statistics helpers over plain arrays (kept in JSON state). */

/** Median of a copy of `xs`; NaN when empty. O(k log k) on windows of bounded size k. */
// One scratch buffer reused by every call (single-threaded, never escapes): no allocation per median.
let scratch = new Float64Array(256);

export function median(xs: readonly number[]): number {
  const n = xs.length;
  if (n === 0) return Number.NaN;
  if (n > scratch.length) scratch = new Float64Array(n * 2);
  // A typed-array sort is numeric and several times faster than Array#sort with a comparator.
  const s = scratch.subarray(0, n);
  for (let i = 0; i < n; i++) s[i] = xs[i]!;
  s.sort();
  const m = n >> 1;
  return n % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median absolute deviation scaled to a normal standard deviation. */
/** Sorted absolute deviations from `centre`, for quantiles of the spread. */
export function sortedDeviations(xs: readonly number[], centre: number): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = Math.abs(xs[i]! - centre);
  return out.sort();
}

/**
 * Robust sigma from absolute deviations: the MAD, but never below the 90th percentile read as a
 * normal sigma, because the MAD collapses to zero on quantised metrics (most deviations exactly 0).
 */
export function robustSigma(sortedAbs: Float64Array): number {
  const n = sortedAbs.length;
  if (n === 0) return 0;
  const q = (p: number) => sortedAbs[Math.min(n - 1, Math.floor(p * n))]!;
  return Math.max(1.4826 * q(0.5), q(0.9) / 1.645);
}

export function madScale(xs: readonly number[], centre = median(xs)): number {
  return 1.4826 * median(xs.map((x) => Math.abs(x - centre)));
}

/** Returns a new ring with `x` appended, dropping the oldest beyond `cap`. */
export function pushRing(ring: readonly number[], x: number, cap: number): number[] {
  const next = ring.length >= cap ? ring.slice(ring.length - cap + 1) : ring.slice();
  next.push(x);
  return next;
}

export function clip(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Rounds to 7 significant digits so that JSON state stays small; far below any metric's noise. */
// Arithmetic rather than toPrecision: this runs several times per point, and a string round trip
// per call was a tenth of the detection time.
export function compact(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const e = Math.floor(Math.log10(Math.abs(x)));
  if (e > 300 || e < -300) return x;
  const f = 10 ** (6 - e);
  return Math.round(x * f) / f;
}
