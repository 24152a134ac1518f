/**
 * Named time intervals for routes' mute_time_intervals and active_time_intervals. Vigil's
 * interval is a list of weekly windows (days, start, end, zone — the working-hours shape), which
 * covers nights, weekends and business hours; Alertmanager's days_of_month, months and years are
 * left out. A muted route holds back new firings; resolutions still go out (group-plan.ts).
 */
import type { ErrorDetail } from '../errors.js';
import type { Suppression } from './group-plan.js';
import type { ResolvedRouteSettings } from './route-tree.js';
import {
  checkWorkingHours,
  nextDeliveryTime,
  type WorkingHours,
  workingHoursWindowAt,
} from './working-hours.js';

export interface TimeInterval {
  name: string;
  windows: WorkingHours[];
}

export function checkTimeIntervals(intervals: readonly TimeInterval[]): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const names = new Set<string>();
  intervals.forEach((ti, i) => {
    if (!ti.name) errors.push({ path: `[${i}].name`, message: 'must be a non-empty string' });
    else if (names.has(ti.name))
      errors.push({ path: `[${i}].name`, message: `another interval is named ${ti.name}` });
    names.add(ti.name);
    if (ti.windows.length === 0) errors.push({ path: `[${i}].windows`, message: 'name at least one window' });
    ti.windows.forEach((w, j) => {
      for (const e of checkWorkingHours(w))
        errors.push({ path: `[${i}].windows[${j}].${e.path}`, message: e.message });
    });
  });
  return errors;
}

/** When the interval stops being in force, if it is in force at `at`; null otherwise. */
export function timeIntervalEndsAt(interval: TimeInterval, at: Date): Date | null {
  let end: number | null = null;
  for (const w of interval.windows) {
    const win = workingHoursWindowAt(at, w);
    if (win && (end === null || win.until.getTime() > end)) end = win.until.getTime();
  }
  return end === null ? null : new Date(end);
}

export function isInTimeInterval(interval: TimeInterval, at: Date): boolean {
  return timeIntervalEndsAt(interval, at) !== null;
}

/**
 * Whether a matched route may notify new firings at `at`: null when it may, else the
 * suppression to pass to planGroupNotifications for each of its firing alerts. Interval names
 * the list does not define never apply (validate the tree with their names to catch typos).
 */
export function routeTimeSuppression(
  route: Pick<ResolvedRouteSettings, 'muteTimeIntervals' | 'activeTimeIntervals'>,
  intervals: readonly TimeInterval[],
  at: Date,
): Suppression | null {
  const byName = new Map(intervals.map((ti) => [ti.name, ti]));
  for (const name of route.muteTimeIntervals) {
    const ti = byName.get(name);
    const end = ti ? timeIntervalEndsAt(ti, at) : null;
    if (end) return { reason: `muted during ${name}`, until: end };
  }
  if (route.activeTimeIntervals.length === 0) return null;
  let next = Number.POSITIVE_INFINITY;
  for (const name of route.activeTimeIntervals) {
    const ti = byName.get(name);
    if (!ti) continue;
    if (isInTimeInterval(ti, at)) return null;
    for (const w of ti.windows) next = Math.min(next, nextDeliveryTime(at, w).getTime());
  }
  return {
    reason: `outside active time intervals ${route.activeTimeIntervals.join(', ')}`,
    until: Number.isFinite(next) ? new Date(next) : null,
  };
}
