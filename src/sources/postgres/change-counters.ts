import type { ChangeCounters } from '../source.js';

/**
 * PostgreSQL keeps no last-modified time for a table. What it keeps are counters of inserted,
 * updated and deleted tuples (pg_stat_user_tables n_tup_ins / n_tup_upd / n_tup_del) since the
 * statistics were last reset. Two observations tell whether the table changed between them, so a
 * change time can be derived: it lies in (previous.observedAt, current.observedAt].
 *
 * Caveats the caller should know: counters include rolled-back writes; a backend flushes its
 * counts when it goes idle, at most once a second and at least once a minute, so a change can show
 * up to a minute late; a statistics reset or a crash sends the counters back to zero.
 */
export interface ChangeObservation {
  counters: ChangeCounters;
  /** ISO-8601 time the counters were read. */
  observedAt: string;
  /** The change time derived so far, carried from one observation to the next. */
  lastModified?: string | null;
}

export interface ChangeVerdict {
  /** null when it cannot be told (first observation, or the counters were reset). */
  changed: boolean | null;
  reason: 'first-observation' | 'counters-moved' | 'unchanged' | 'counters-reset';
  /** Derived change time: the current observation when the counters moved (an upper bound). */
  lastModified: string | null;
  /** Tuples written between the two observations. */
  delta: ChangeCounters | null;
}

export function detectChange(
  previous: ChangeObservation | null | undefined,
  current: ChangeObservation,
): ChangeVerdict {
  if (!previous) return { changed: null, reason: 'first-observation', lastModified: null, delta: null };
  const p = previous.counters;
  const c = current.counters;
  const carried = previous.lastModified ?? null;
  if (c.inserts < p.inserts || c.updates < p.updates || c.deletes < p.deletes) {
    return { changed: null, reason: 'counters-reset', lastModified: carried, delta: null };
  }
  const delta = {
    inserts: c.inserts - p.inserts,
    updates: c.updates - p.updates,
    deletes: c.deletes - p.deletes,
  };
  if (delta.inserts + delta.updates + delta.deletes === 0) {
    return { changed: false, reason: 'unchanged', lastModified: carried, delta };
  }
  return { changed: true, reason: 'counters-moved', lastModified: current.observedAt, delta };
}
