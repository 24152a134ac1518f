/**
 * Silences: matchers plus a time window, one-off or recurring (a cron start, a duration and a
 * zone: "every weekday 22:00 for 8h, Europe/Berlin"). Maintenance windows are silences of kind
 * `maintenance` scoped to one asset or source; a window opened for a backfill closes when the
 * backfill ends. Silences hold back new notifications only — see group-plan.ts.
 */
import { Cron } from 'croner';
import type { ErrorDetail } from '../errors.js';
import type { Suppression } from './group-plan.js';
import { parseRouteDuration } from './duration.js';
import {
  type CompiledMatcher,
  compileMatcher,
  isCompiledMatcher,
  type Labels,
  type Matcher,
  matchesAll,
} from './matcher.js';
import { isValidTimeZone } from './time-zone.js';

export interface Recurrence {
  /** Five-field cron for each occurrence's start, read in `timeZone`. */
  cron: string;
  /** How long each occurrence lasts: 30m, 8h, 2d. */
  duration: string;
  timeZone: string;
}

export type SilenceKind = 'silence' | 'maintenance';

export interface Silence {
  id: string;
  kind: SilenceKind;
  matchers: readonly Matcher[];
  startsAt: Date;
  /** For a one-off silence its end; for a recurring one the end of the series. */
  endsAt: Date;
  createdBy: string;
  comment: string;
  recurrence?: Recurrence | null;
  /** Set on a maintenance window opened for a declared backfill. */
  backfillId?: string | null;
}

export type SilenceState = 'pending' | 'active' | 'expired';

/** Recurrences are searched this far at most (an occurrence chain longer than this is absurd). */
const MAX_OCCURRENCE_STEPS = 1_000;

const compiled = new WeakMap<readonly Matcher[], CompiledMatcher[] | null>();

function compiledMatchers(ms: readonly Matcher[]): CompiledMatcher[] | null {
  let c = compiled.get(ms);
  if (c === undefined) {
    const out = ms.map(compileMatcher);
    c = out.every(isCompiledMatcher) ? (out as CompiledMatcher[]) : null;
    compiled.set(ms, c);
  }
  return c;
}

const crons = new Map<string, Cron>();

function cronFor(r: Recurrence): Cron {
  const key = `${r.timeZone}\u0000${r.cron}`;
  let c = crons.get(key);
  if (!c) {
    c = new Cron(r.cron, { timezone: r.timeZone, paused: true, mode: '5-part' });
    crons.set(key, c);
  }
  return c;
}

/** Problems with a silence, paths relative to it (empty when valid). */
export function checkSilence(s: Silence): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (!Array.isArray(s.matchers) || s.matchers.length === 0) {
    errors.push({ path: 'matchers', message: 'a silence needs at least one matcher' });
  } else {
    const ok: CompiledMatcher[] = [];
    s.matchers.forEach((m, i) => {
      const c = compileMatcher(m);
      if (isCompiledMatcher(c)) ok.push(c);
      else errors.push({ path: `matchers[${i}]`, message: c.message });
    });
    // As in Alertmanager: a silence that matches an alert with no labels would silence everything.
    if (ok.length === s.matchers.length && matchesAll(ok, {})) {
      errors.push({ path: 'matchers', message: 'at least one matcher must not match the empty string' });
    }
  }
  const isTime = (x: unknown): x is Date => x instanceof Date && !Number.isNaN(x.getTime());
  if (!isTime(s.startsAt)) errors.push({ path: 'startsAt', message: 'must be a time' });
  if (!isTime(s.endsAt)) {
    errors.push({ path: 'endsAt', message: 'must be a time' });
  } else if (isTime(s.startsAt) && s.endsAt.getTime() <= s.startsAt.getTime()) {
    errors.push({ path: 'endsAt', message: 'must be after startsAt' });
  }
  if (!s.createdBy) errors.push({ path: 'createdBy', message: 'say who created the silence' });
  if (!s.comment)
    errors.push({ path: 'comment', message: 'say why (the comment is shown on silenced alerts)' });
  const r = s.recurrence;
  if (r) {
    const tzOk = isValidTimeZone(r.timeZone);
    if (!tzOk) errors.push({ path: 'recurrence.timeZone', message: `unknown time zone ${r.timeZone}` });
    const d = parseRouteDuration(r.duration);
    if (d === undefined || d <= 0)
      errors.push({ path: 'recurrence.duration', message: 'must be a duration like 8h' });
    try {
      if (tzOk) cronFor(r);
      else new Cron(r.cron, { paused: true, mode: '5-part' });
    } catch (e) {
      errors.push({ path: 'recurrence.cron', message: (e as Error).message });
    }
  }
  return errors;
}

/** Whether the silence is in force at `at` (ms). */
function activeAt(s: Silence, at: number): boolean {
  if (at < s.startsAt.getTime() || at >= s.endsAt.getTime()) return false;
  const r = s.recurrence;
  if (!r) return true;
  // The latest start wins: every occurrence lasts as long, so it ends last.
  const [fire] = cronFor(r).previousRuns(1, new Date(at + 1));
  return fire !== undefined && at < fire.getTime() + (parseRouteDuration(r.duration) ?? 0);
}

/** When the silence stops being in force, for one active at `at` (ms). */
function activeUntil(s: Silence, at: number): number {
  const end = s.endsAt.getTime();
  const r = s.recurrence;
  if (!r) return end;
  const dur = parseRouteDuration(r.duration) ?? 0;
  const cron = cronFor(r);
  const [fire] = cron.previousRuns(1, new Date(at + 1));
  if (!fire) return at;
  // Occurrences longer than the cron period chain together; follow them (boundedly).
  let cursor = fire;
  let until = fire.getTime() + dur;
  for (let i = 0; i < MAX_OCCURRENCE_STEPS && until < end; i++) {
    const next = cron.nextRun(cursor);
    if (!next || next.getTime() >= until) break;
    until = next.getTime() + dur;
    cursor = next;
  }
  return Math.min(until, end);
}

/** Whether the silence is in force now, waiting for a start (or the next occurrence), or over. */
export function silenceState(s: Silence, now: Date): SilenceState {
  const t = now.getTime();
  if (t >= s.endsAt.getTime()) return 'expired';
  return activeAt(s, t) ? 'active' : 'pending';
}

/** When the silence's state next changes after `now`; null when it never will again. */
export function nextSilenceChange(s: Silence, now: Date): Date | null {
  const t = now.getTime();
  const end = s.endsAt.getTime();
  if (t >= end) return null;
  if (activeAt(s, t)) return new Date(activeUntil(s, t));
  if (!s.recurrence) return new Date(s.startsAt.getTime());
  const from = Math.max(t, s.startsAt.getTime());
  if (from > t && activeAt(s, from)) return new Date(from);
  const next = cronFor(s.recurrence).nextRun(new Date(from));
  return next && next.getTime() < end ? next : null;
}

/** The silences that apply to these labels at `now`. */
export function isSilenced(labels: Labels, silences: readonly Silence[], now: Date): Silence[] {
  const t = now.getTime();
  return silences.filter((s) => {
    const ms = compiledMatchers(s.matchers);
    return ms !== null && ms.length > 0 && matchesAll(ms, labels) && activeAt(s, t);
  });
}

/**
 * The suppression to hand to planGroupNotifications for an alert the given silences apply to:
 * a reason to show on the alert and the time the last of them lifts.
 */
export function silenceSuppression(applying: readonly Silence[], now: Date): Suppression | null {
  if (applying.length === 0) return null;
  const t = now.getTime();
  let until = 0;
  for (const s of applying) until = Math.max(until, activeAt(s, t) ? activeUntil(s, t) : t);
  const first = applying[0] as Silence;
  const what = first.kind === 'maintenance' ? 'in a maintenance window' : 'silenced';
  const more = applying.length > 1 ? ` (and ${applying.length - 1} more)` : '';
  return { reason: `${what} by ${first.createdBy}: ${first.comment}${more}`, until: new Date(until) };
}

export type MaintenanceScope = { asset: string } | { source: string };

export interface MaintenanceWindowInput {
  id: string;
  scope: MaintenanceScope;
  startsAt: Date;
  /** The latest it may last; a backfill window closes earlier when the backfill ends. */
  endsAt: Date;
  createdBy: string;
  comment: string;
  backfillId?: string | null;
  recurrence?: Recurrence | null;
}

/** A maintenance window: a silence of kind `maintenance` on one asset or one source. */
export function maintenanceWindow(w: MaintenanceWindowInput): Silence {
  const [name, value] = 'asset' in w.scope ? ['asset', w.scope.asset] : ['source', w.scope.source];
  return {
    id: w.id,
    kind: 'maintenance',
    matchers: [{ name, type: '=', value }],
    startsAt: w.startsAt,
    endsAt: w.endsAt,
    createdBy: w.createdBy,
    comment: w.comment,
    recurrence: w.recurrence ?? null,
    backfillId: w.backfillId ?? null,
  };
}

/**
 * A backfill has ended: the windows opened for it close at `endedAt` (never later than they
 * were to close anyway). Returns only the windows that changed, for the caller to store.
 */
export function closeBackfillWindows(
  silences: readonly Silence[],
  backfillId: string,
  endedAt: Date,
): Silence[] {
  return silences
    .filter(
      (s) =>
        s.kind === 'maintenance' && s.backfillId === backfillId && s.endsAt.getTime() > endedAt.getTime(),
    )
    .map((s) => ({ ...s, endsAt: new Date(Math.max(endedAt.getTime(), s.startsAt.getTime())) }));
}
