/**
 * How rare a surprise is for this very series. Every detector measures surprise as a robust
 * z-score, but series differ: on a spiky metric z = 8 happens daily, on a smooth one never. A
 * decayed histogram of past |z| (log-spaced bins, ~2,000-point memory) gives the tail probability
 * of the current |z|. A Gaussian prior worth PRIOR points keeps young series sensible: until
 * history accumulates, rarity is what a normal distribution would say.
 */
import { compact } from './robust.js';

export interface Rarity {
  /** decayed counts per log2 bin of |z| */
  h: number[];
  tot: number;
}

const BINS = 64;
const LOW = -4; // log2 of the smallest binned |z|
const PER_OCTAVE = 4;
const DECAY = 0.9995;
const PRIOR = 30;

export function emptyRarity(): Rarity {
  return { h: new Array(BINS).fill(0), tot: 0 };
}

function binOf(u: number): number {
  const p = (Math.log2(Math.max(u, 1e-12)) - LOW) * PER_OCTAVE;
  return Math.max(0, Math.min(BINS - 1, Math.floor(p)));
}

/** Two-sided normal tail P(|Z| >= u) (Abramowitz-Stegun 7.1.26, error < 1.5e-7). */
export function normalTail(u: number): number {
  const x = Math.abs(u) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return poly * Math.exp(-x * x);
}

/** P(|z| >= u) for this series, counted from the bin of u upward (coarse on purpose: ties are kind). */
export function tailOf(r: Rarity, u: number): number {
  let above = 0;
  for (let k = binOf(u); k < BINS; k++) above += r.h[k] ?? 0;
  const prior = PRIOR * normalTail(u);
  return (above + prior + 0.5) / (r.tot + PRIOR + 1);
}

/**
 * 1 for the rarest surprise the history can vouch for (or 1e-4), 0 for the commonest. Young
 * series cannot prove rarity below 1/(points seen), so the scale is their own reach.
 */
export function rarityScore(r: Rarity, tail: number): number {
  const reach = Math.min(4, Math.log10(r.tot + PRIOR + 1) + Math.log10(2));
  return Math.min(1, Math.max(0, -Math.log10(Math.max(tail, 1e-12)) / reach));
}

export function observe(r: Rarity, u: number): Rarity {
  const b = binOf(u);
  // Counts below 1e-4 are dropped: they no longer matter and would bloat the JSON state.
  const h = r.h.map((c, k) => {
    const x = c * DECAY + (k === b ? 1 : 0);
    return x < 1e-4 ? 0 : x;
  });
  return { h, tot: compact(r.tot * DECAY + 1) };
}
