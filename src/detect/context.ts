/**
 * Context view: does this value fit the series' known range and its known moves? Two facts,
 * no z-score:
 *  - outside: the value lies beyond the range of the last RANGE_BLOCKS x RANGE_BLOCK points by
 *    more than RANGE_MARGIN of that range (a new high or low, not a rounding step past the old one);
 *  - new move: the range is cut into LEVELS bands, and the move from the previous point's band to
 *    this one's has never been made before (a pattern the series has not shown: a spike from
 *    the floor, a jump between levels that used to be apart).
 * The ensemble turns these facts into alerts; each is bounded (block extremes and one bit mask
 * per band), so the state is a few hundred bytes whatever the history length.
 */

import { formatNumber } from './reason.js';

export const LEVELS = 6;
const RANGE_BLOCK = 100;
const RANGE_BLOCKS = 50;
const RANGE_MARGIN = 0.05;

export interface ContextState {
  n: number;
  /** minimum and maximum of each completed block, oldest first */
  lows: number[];
  highs: number[];
  /** extremes of the block being filled (null while empty: JSON has no Infinity) */
  low: number | null;
  high: number | null;
  /** band of the previous point, null before the first */
  band: number | null;
  /** moves seen: bit b of moves[a] is set once a point in band b followed one in band a */
  moves: number[];
  /** the previous point was out of range or made a new move (absent in older states) */
  novel?: boolean;
}

export interface ContextReading {
  /** -1 below the known range, 1 above it, 0 inside */
  outside: -1 | 0 | 1;
  /** sign of a never-seen move between bands (0 when the move is known) */
  newMove: -1 | 0 | 1;
  band: number;
  /** the previous point was itself novel: a move from there is likely the way back */
  fromNovel: boolean;
  /** the known range before this point (null before the first point) */
  range: { lower: number; upper: number } | null;
}

export function emptyContext(): ContextState {
  return { n: 0, lows: [], highs: [], low: null, high: null, band: null, moves: new Array(LEVELS).fill(0) };
}

function knownRange(c: ContextState): { lower: number; upper: number } | null {
  let lower = c.low ?? Number.POSITIVE_INFINITY;
  let upper = c.high ?? Number.NEGATIVE_INFINITY;
  for (const x of c.lows) if (x < lower) lower = x;
  for (const x of c.highs) if (x > upper) upper = x;
  return lower <= upper ? { lower, upper } : null;
}

/** Reads `value` against the context (pure; does not learn it). */
export function readContext(c: ContextState, value: number): ContextReading {
  const range = knownRange(c);
  if (range === null) return { outside: 0, newMove: 0, band: 0, fromNovel: false, range };
  const margin = RANGE_MARGIN * (range.upper - range.lower);
  const outside = value > range.upper + margin ? 1 : value < range.lower - margin ? -1 : 0;
  const lower = Math.min(range.lower, value);
  const upper = Math.max(range.upper, value);
  const band =
    upper > lower
      ? Math.max(0, Math.min(LEVELS - 1, Math.floor(((value - lower) / (upper - lower)) * LEVELS)))
      : 0;
  let newMove: -1 | 0 | 1 = 0;
  if (c.band !== null && ((c.moves[c.band] ?? 0) & (1 << band)) === 0) newMove = band >= c.band ? 1 : -1;
  return { outside, newMove, band, fromNovel: c.novel === true, range };
}

/** Learns the point read as `r`; returns a new state. */
export function learnContext(c: ContextState, value: number, r: ContextReading): ContextState {
  const n = c.n + 1;
  const blockLow = c.low === null ? value : Math.min(c.low, value);
  const blockHigh = c.high === null ? value : Math.max(c.high, value);
  const full = n % RANGE_BLOCK === 0;
  const lows = full ? [...c.lows.slice(-(RANGE_BLOCKS - 1)), blockLow] : c.lows;
  const highs = full ? [...c.highs.slice(-(RANGE_BLOCKS - 1)), blockHigh] : c.highs;
  const low = full ? null : blockLow;
  const high = full ? null : blockHigh;
  let moves = c.moves;
  if (c.band !== null && r.newMove !== 0) {
    moves = c.moves.slice();
    moves[c.band] = (moves[c.band] ?? 0) | (1 << r.band);
  }
  return { n, lows, highs, low, high, band: r.band, moves, novel: r.outside !== 0 || r.newMove !== 0 };
}

/** "row count 9,800 is above anything in the last 5,000 points (1,200-4,100)", or the new move. */
export function contextReason(label: string, value: number, r: ContextReading, span: number): string {
  const range = r.range ? `${formatNumber(r.range.lower)}-${formatNumber(r.range.upper)}` : 'none yet';
  const points = formatNumber(Math.min(span, RANGE_BLOCK * RANGE_BLOCKS));
  if (r.outside !== 0) {
    const side = r.outside > 0 ? 'above' : 'below';
    return `${label} ${formatNumber(value)} is ${side} anything in the last ${points} points (${range})`;
  }
  const moved = r.newMove > 0 ? 'jumped up' : 'dropped';
  return `${label} ${formatNumber(value)} ${moved} in a way not seen in ${points} points (range ${range})`;
}
