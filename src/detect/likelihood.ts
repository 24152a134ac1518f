/**
 * Anomaly likelihood (after Numenta's detector for NAB): how unusual the recent level of
 * surprise is for this series. Raw surprise in [0,1] is averaged over the last SHORT points and
 * the average is compared with its own long-run mean and variance (exponentially decayed, memory
 * about LONG points). The output is the Gaussian upper-tail probability of that comparison: a
 * run of moderate surprises (a spell of erratic values, a drift) adds up to an alert that no
 * single point makes. State is a ring of SHORT numbers and two moments: O(1) per point.
 */
import { compact } from './robust.js';

export interface Likelihood {
  ring: number[];
  n: number;
  mean: number;
  m2: number;
}

const SHORT = 10;
const LONG = 2000;
/** points of raw scores needed before the long-run moments are trusted */
const WARMUP = 300;
/** floors from Numenta's implementation: a quiet series is not made infinitely sensitive */
const MEAN_FLOOR = 0.03;
const VAR_FLOOR = 0.0003;

export function emptyLikelihood(): Likelihood {
  return { ring: [], n: 0, mean: 0, m2: 0 };
}

/** One-sided upper normal tail Q(z) (Abramowitz-Stegun 7.1.26, error < 1.5e-7). */
export function upperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const half = 0.5 * poly * Math.exp(-x * x);
  return z >= 0 ? half : 1 - half;
}

/** Tail probability of the recent average raw score (1 while warming up), and the next state. */
export function stepLikelihood(l: Likelihood, raw: number): { tail: number; state: Likelihood } {
  const ring = l.ring.length >= SHORT ? l.ring.slice(1) : l.ring.slice();
  ring.push(compact(raw));
  let sum = 0;
  for (const x of ring) sum += x;
  const avg = sum / ring.length;
  let tail = 1;
  if (l.n >= WARMUP) {
    const sd = Math.sqrt(Math.max(l.m2, VAR_FLOOR));
    tail = upperTail((avg - Math.max(l.mean, MEAN_FLOOR)) / sd);
  }
  const w = Math.max(1 / (l.n + 1), 1 / LONG);
  const d = avg - l.mean;
  return {
    tail,
    state: { ring, n: l.n + 1, mean: compact(l.mean + w * d), m2: compact((1 - w) * (l.m2 + w * d * d)) },
  };
}
