/**
 * "What changed?" for an incident: candidate causes found around its start, scored and ranked.
 * Pure: the service gathers the candidates from the store, this file decides their order.
 *
 * A cause comes before its effect, close to it, close in lineage, and some kinds of change explain
 * more than others: new code or a new schema upstream usually is the cause; a failing check
 * upstream usually is another symptom of it, pointing further up.
 */

export const CHANGE_KINDS = [
  'code_changed',
  'schema_change',
  'pipeline_failed',
  'pipeline_slow',
  'volume_shift',
  'failing_check',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** How much a kind of change explains on its own, before time and distance. */
export const KIND_WEIGHT: Readonly<Record<ChangeKind, number>> = {
  code_changed: 1,
  schema_change: 0.95,
  pipeline_failed: 0.9,
  volume_shift: 0.7,
  failing_check: 0.65,
  pipeline_slow: 0.5,
};

const KIND_LABEL: Readonly<Record<ChangeKind, string>> = {
  code_changed: 'code changed',
  schema_change: 'schema changed',
  pipeline_failed: 'pipeline run failed',
  pipeline_slow: 'pipeline run slow',
  volume_shift: 'volume shifted',
  failing_check: 'check failing',
};

export interface ChangeCandidate {
  kind: ChangeKind;
  /** The asset (or job) it happened on. */
  asset: string;
  at: Date;
  /** Lineage hops upstream of the nearest affected asset; 0 is an affected asset itself. */
  distance: number;
  /** What happened, in a few words ("column amount removed", "run 42 failed: OOM"). */
  detail: string;
  /** How big the change was, in [0, 1] (a check's score, a relative volume change); 1 when unknown. */
  magnitude?: number;
  ref?: Record<string, string>;
}

export interface RankedChange extends ChangeCandidate {
  score: number;
  /** Why it ranks where it does, for a person: kind, when relative to the start, how far upstream. */
  reason: string;
}

export interface RankOptions {
  /** The incident's start (first bad data). */
  start: Date;
  /** Half-life of suspicion before the start; a change this long before counts half. Default 1 h. */
  halfLifeMs?: number;
  /** Changes up to this long after the start still count (the start is often estimated). Default 15 min. */
  graceAfterMs?: number;
  /** Weight kept per lineage hop. Default 0.8: distance matters less than time. */
  perHop?: number;
}

const MINUTE = 60_000;

export function formatGap(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return `${Math.round(abs / 1000)} s`;
  if (abs < 120 * MINUTE) return `${Math.round(abs / MINUTE)} min`;
  return `${(abs / 3_600_000).toFixed(1)} h`;
}

/**
 * Closeness in time, in [0, 1]: 1 at the start, halving every half-life before it; after the start
 * a change can hardly be the cause, so it falls off fast and is 0 after the grace period.
 */
export function timeWeight(at: Date, opts: RankOptions): number {
  const halfLife = opts.halfLifeMs ?? 60 * MINUTE;
  const grace = opts.graceAfterMs ?? 15 * MINUTE;
  const before = opts.start.getTime() - at.getTime();
  if (before >= 0) return 0.5 ** (before / halfLife);
  const after = -before;
  if (after > grace) return 0;
  return 0.5 * (1 - after / grace);
}

export function distanceWeight(distance: number, opts: RankOptions): number {
  const perHop = opts.perHop ?? 0.8;
  return perHop ** Math.max(0, distance);
}

/** A failing check on an affected asset is the incident itself, not a clue: it counts for less. */
function selfWeight(c: ChangeCandidate): number {
  return c.distance === 0 && c.kind === 'failing_check' ? 0.5 : 1;
}

export function scoreChange(c: ChangeCandidate, opts: RankOptions): number {
  const magnitude = Math.min(1, Math.max(0, c.magnitude ?? 1));
  return (
    KIND_WEIGHT[c.kind] *
    timeWeight(c.at, opts) *
    distanceWeight(c.distance, opts) *
    selfWeight(c) *
    (0.5 + 0.5 * magnitude)
  );
}

export function reasonFor(c: ChangeCandidate, opts: RankOptions): string {
  const gap = opts.start.getTime() - c.at.getTime();
  const when = gap === 0 ? 'at the start' : `${formatGap(gap)} ${gap > 0 ? 'before' : 'after'} the start`;
  const where =
    c.distance === 0 ? 'on an affected asset' : `${c.distance} hop${c.distance === 1 ? '' : 's'} upstream`;
  return `${KIND_LABEL[c.kind]} on ${c.asset} ${when}, ${where}: ${c.detail}`;
}

/**
 * Ranks candidates, most suspicious first; ties go to the earlier change (closer to the root).
 * Candidates that cannot be causes (well after the start) are dropped.
 */
export function rankChanges(candidates: readonly ChangeCandidate[], opts: RankOptions): RankedChange[] {
  return candidates
    .map((c) => ({ ...c, score: Math.round(scoreChange(c, opts) * 1000) / 1000, reason: reasonFor(c, opts) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.at.getTime() - b.at.getTime() || a.asset.localeCompare(b.asset));
}

/** The largest relative change between consecutive values, in [0, 1] (1 = doubled or emptied). */
export function relativeShift(before: number, after: number): number {
  if (before === after) return 0;
  const base = Math.max(Math.abs(before), Math.abs(after));
  return base === 0 ? 0 : Math.min(1, Math.abs(after - before) / base);
}
