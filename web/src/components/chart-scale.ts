/** Linear scale helpers for the hand-drawn SVG charts. Pure, so they are easy to reason about. */
export interface Domain {
  min: number;
  max: number;
}

/** A domain around the values, padded, never empty (a flat line sits in the middle). */
export function domainOf(values: number[], pad = 0.08): Domain {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { min: 0, max: 1 };
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (min === max) {
    const d = Math.abs(min) * 0.1 || 1;
    min -= d;
    max += d;
  }
  const p = (max - min) * pad;
  return { min: min - p, max: max + p };
}

/** Round tick values (1, 2, 5 × 10^n) covering the domain, about `count` of them. */
export function niceTicks(d: Domain, count = 6): number[] {
  const raw = (d.max - d.min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(d.min / step) * step; v <= d.max + step * 1e-9; v += step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  return ticks;
}

export const scale =
  (d: Domain, from: number, to: number) =>
  (v: number): number =>
    from + ((v - d.min) / (d.max - d.min)) * (to - from);
