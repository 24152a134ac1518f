/** Small robust-statistics helpers over plain arrays (kept in JSON state). */

/** Median of a copy of `xs`; NaN when empty. O(k log k) on windows of bounded size k. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median absolute deviation scaled to a normal standard deviation. */
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
export function compact(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(7)) : x;
}
