/**
 * Working hours decide when `ticket` alerts are delivered: inside them at once, outside them
 * at the next start. Times are wall-clock in the definition's zone, so DST never shifts them.
 */
import type { ErrorDetail } from '../errors.js';
import { addDays, fromLocal, isValidTimeZone, parseClockTime, toLocal } from './time-zone.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WorkingHours {
  days: Weekday[];
  /** `HH:MM`, 24-hour. */
  start: string;
  /** `HH:MM`, or `24:00`; an end before the start runs past midnight (22:00–06:00). */
  end: string;
  /** IANA zone, e.g. Europe/Berlin. */
  timeZone: string;
}

/** Problems with a definition, paths relative to it (empty when valid). */
export function checkWorkingHours(wh: WorkingHours): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (!Array.isArray(wh.days) || wh.days.length === 0)
    errors.push({ path: 'days', message: 'name at least one day' });
  else
    wh.days.forEach((d, i) => {
      if (!(WEEKDAYS as readonly string[]).includes(d)) {
        errors.push({
          path: `days[${i}]`,
          message: `${JSON.stringify(d)} is not one of ${WEEKDAYS.join(', ')}`,
        });
      }
    });
  const start = parseClockTime(wh.start);
  const end = parseClockTime(wh.end, true);
  if (start === undefined) errors.push({ path: 'start', message: 'must be a time like 09:00' });
  if (end === undefined) errors.push({ path: 'end', message: 'must be a time like 17:30 (or 24:00)' });
  if (start !== undefined && end !== undefined && start === end) {
    errors.push({ path: 'end', message: 'must differ from start' });
  }
  if (!isValidTimeZone(wh.timeZone))
    errors.push({ path: 'timeZone', message: `unknown time zone ${wh.timeZone}` });
  return errors;
}

function windows(at: Date, wh: WorkingHours): Array<[number, number]> {
  const problems = checkWorkingHours(wh);
  if (problems.length > 0) {
    throw new RangeError(
      `invalid working hours: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    );
  }
  const start = parseClockTime(wh.start) as number;
  const end = parseClockTime(wh.end, true) as number;
  const today = toLocal(at, wh.timeZone);
  const out: Array<[number, number]> = [];
  // Yesterday's window may run past midnight into today; eight days ahead always holds a start.
  for (let offset = -1; offset <= 8; offset++) {
    const day = addDays(today, offset);
    const weekday = WEEKDAYS[new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay()] as Weekday;
    if (!wh.days.includes(weekday)) continue;
    const endDay = end <= start ? addDays(day, 1) : day;
    const from = fromLocal(day.year, day.month, day.day, Math.floor(start / 60), start % 60, wh.timeZone);
    const until =
      end === 1440
        ? fromLocal(addDays(day, 1).year, addDays(day, 1).month, addDays(day, 1).day, 0, 0, wh.timeZone)
        : fromLocal(endDay.year, endDay.month, endDay.day, Math.floor(end / 60), end % 60, wh.timeZone);
    out.push([from.getTime(), until.getTime()]);
  }
  return out;
}

/** Whether an instant falls inside working hours. Throws RangeError on an invalid definition. */
export function isWithinWorkingHours(at: Date, wh: WorkingHours): boolean {
  const t = at.getTime();
  return windows(at, wh).some(([from, until]) => from <= t && t < until);
}

/**
 * When a ticket raised at `now` should be delivered: `now` inside working hours, else the next
 * start. Throws RangeError on an invalid definition (validate with checkWorkingHours first).
 */
export function nextDeliveryTime(now: Date, wh: WorkingHours): Date {
  const t = now.getTime();
  let next = Number.POSITIVE_INFINITY;
  for (const [from, until] of windows(now, wh)) {
    if (from <= t && t < until) return now;
    if (from > t && from < next) next = from;
  }
  return new Date(next);
}

/** The working-hours window containing `at`, or null outside working hours. */
export function workingHoursWindowAt(at: Date, wh: WorkingHours): { from: Date; until: Date } | null {
  const t = at.getTime();
  const w = windows(at, wh).find(([from, until]) => from <= t && t < until);
  return w ? { from: new Date(w[0]), until: new Date(w[1]) } : null;
}
