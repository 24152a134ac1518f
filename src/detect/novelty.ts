/**
 * Novelty: is this surprise larger than any this series has shown lately? Each channel's |z| is
 * compared with the largest |z| of the last BLOCKS x BLOCK points (kept as one maximum per block,
 * so the state is a few numbers per channel). A series that spikes to z = 8 every day reaches
 * novelty 1 only when it beats its own record; a quiet one needs at least Z_FLOOR. Novelty is
 * scale-free, so one alert line fits every series.
 */
import { compact } from './robust.js';

const BLOCK = 100;
const BLOCKS = 20;
/** a surprise must beat the recent record by this factor */
const MARGIN = 1.1;
/** no robust z below this is ever novel */
const Z_FLOOR = 3;

export interface Record_ {
  /** maxima of completed blocks, oldest first */
  blocks: number[];
  /** maximum of the current block so far */
  cur: number;
  /** points this view has judged (it may start later than the series, e.g. after a period) */
  seen: number;
}

export function emptyRecord(): Record_ {
  return { blocks: [], cur: 0, seen: 0 };
}

/** points of history before the record is trusted; until then the floor is raised */
const YOUNG = 2000;

/**
 * |z| over the recent record (>= 1 means a new record by the margin). A young view has not seen
 * its usual surprises yet (a first day is all new), so its floor is raised by sqrt(YOUNG / seen)
 * until YOUNG points are in.
 */
export function noveltyOf(r: Record_, z: number): number {
  let m = r.cur;
  for (const b of r.blocks) if (b > m) m = b;
  const floor = Z_FLOOR * Math.sqrt(Math.max(1, YOUNG / (r.seen + 1)));
  return Math.abs(z) / Math.max(m * MARGIN, floor);
}

/** Adds |z| to the record; a view that is not judging yet (z exactly 0 from the start) is skipped. */
export function recordZ(r: Record_, z: number): Record_ {
  if (r.seen === 0 && z === 0) return r;
  const seen = r.seen + 1;
  const cur = Math.max(r.cur, Math.min(Math.abs(z), 1e12));
  if (seen % BLOCK !== 0) return { blocks: r.blocks, cur: compact(cur), seen };
  const blocks = r.blocks.length >= BLOCKS ? r.blocks.slice(1) : r.blocks.slice();
  blocks.push(compact(cur));
  return { blocks, cur: 0, seen };
}
