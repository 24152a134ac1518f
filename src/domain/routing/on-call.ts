/**
 * On-call schedules: rotations hand off at a local time every `length` (1d, 1w, 12h …) through
 * their participants; overrides put someone else on call for a while. Day-based lengths follow
 * the calendar in the schedule's zone, so a Monday 09:00 hand-off stays at 09:00 across DST.
 */
import type { ErrorDetail } from '../errors.js';
import { parseRouteDuration } from './duration.js';
import { addDays, daysBetween, fromLocal, isValidTimeZone, parseClockTime, toLocal } from './time-zone.js';

export interface Rotation {
  name: string;
  participants: string[];
  /** Local date of the first hand-off, `YYYY-MM-DD`. */
  start: string;
  /** Local hand-off time, `HH:MM`. */
  handoffTime: string;
  /** Shift length: whole days (1d, 1w) follow the calendar; hours (12h) are exact. */
  length: string;
}

export interface OnCallOverride {
  person: string;
  startsAt: Date;
  endsAt: Date;
  /** The rotation it replaces; absent or null replaces every rotation. */
  rotation?: string | null;
}

export interface OnCallSchedule {
  timeZone: string;
  rotations: Rotation[];
  overrides: OnCallOverride[];
}

export interface OnCallShift {
  rotation: string;
  person: string;
  from: Date;
  until: Date;
  override: boolean;
}

export interface OnCall {
  /** Everyone on call, once each, in rotation order. */
  people: string[];
  shifts: OnCallShift[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parseDate(text: string): { year: number; month: number; day: number } | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const back = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return back.getUTCMonth() === d.month - 1 && back.getUTCDate() === d.day ? d : undefined;
}

export function checkOnCallSchedule(s: OnCallSchedule): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (!isValidTimeZone(s.timeZone))
    errors.push({ path: 'timeZone', message: `unknown time zone ${s.timeZone}` });
  const names = new Set<string>();
  s.rotations.forEach((r, i) => {
    const at = `rotations[${i}]`;
    if (!r.name) errors.push({ path: `${at}.name`, message: 'must be a non-empty string' });
    else if (names.has(r.name))
      errors.push({ path: `${at}.name`, message: `another rotation is named ${r.name}` });
    names.add(r.name);
    if (r.participants.length === 0)
      errors.push({ path: `${at}.participants`, message: 'name at least one person' });
    if (!parseDate(r.start)) errors.push({ path: `${at}.start`, message: 'must be a date like 2026-01-05' });
    if (parseClockTime(r.handoffTime) === undefined) {
      errors.push({ path: `${at}.handoffTime`, message: 'must be a time like 09:00' });
    }
    const len = parseRouteDuration(r.length);
    if (len === undefined || len < 3_600_000 || (len < DAY_MS ? DAY_MS % len !== 0 : len % DAY_MS !== 0)) {
      errors.push({
        path: `${at}.length`,
        message: 'must be whole days (1d, 1w) or hours dividing a day (8h, 12h)',
      });
    }
  });
  s.overrides.forEach((o, i) => {
    if (!o.person) errors.push({ path: `overrides[${i}].person`, message: 'must name a person' });
    if (!(o.endsAt.getTime() > o.startsAt.getTime())) {
      errors.push({ path: `overrides[${i}].endsAt`, message: 'must be after startsAt' });
    }
    if (o.rotation && !names.has(o.rotation)) {
      errors.push({ path: `overrides[${i}].rotation`, message: `unknown rotation ${o.rotation}` });
    }
  });
  return errors;
}

function shiftOf(r: Rotation, timeZone: string, at: Date): OnCallShift | null {
  const start = parseDate(r.start) as { year: number; month: number; day: number };
  const handoff = parseClockTime(r.handoffTime) as number;
  const [h, m] = [Math.floor(handoff / 60), handoff % 60];
  const anchor = fromLocal(start.year, start.month, start.day, h, m, timeZone).getTime();
  const t = at.getTime();
  if (t < anchor) return null;
  const len = parseRouteDuration(r.length) as number;
  let index: number;
  let from: number;
  let until: number;
  if (len % DAY_MS === 0) {
    const days = len / DAY_MS;
    const local = toLocal(at, timeZone);
    // Before today's hand-off, yesterday's shift is still on.
    let day = daysBetween(start, local);
    if (local.hour * 60 + local.minute < handoff) day -= 1;
    // The local reading can disagree with the instant around DST changes; settle on the instant.
    index = Math.floor(day / days);
    const boundary = (i: number) => {
      const d = addDays(start, i * days);
      return fromLocal(d.year, d.month, d.day, h, m, timeZone).getTime();
    };
    if (boundary(index) > t) index -= 1;
    else if (boundary(index + 1) <= t) index += 1;
    from = boundary(index);
    until = boundary(index + 1);
  } else {
    index = Math.floor((t - anchor) / len);
    from = anchor + index * len;
    until = from + len;
  }
  const person = r.participants[index % r.participants.length] as string;
  return { rotation: r.name, person, from: new Date(from), until: new Date(until), override: false };
}

/**
 * Who is on call at `at`: one shift per rotation that has started, with active overrides
 * applied (the last listed wins). Throws RangeError on an invalid schedule.
 */
export function whoIsOnCall(schedule: OnCallSchedule, at: Date): OnCall {
  const problems = checkOnCallSchedule(schedule);
  if (problems.length > 0)
    throw new RangeError(`invalid schedule: ${problems[0]?.path} ${problems[0]?.message}`);
  const t = at.getTime();
  const active = schedule.overrides.filter((o) => o.startsAt.getTime() <= t && t < o.endsAt.getTime());
  const shifts: OnCallShift[] = [];
  for (const r of schedule.rotations) {
    const o = active.findLast((x) => !x.rotation || x.rotation === r.name);
    if (o) {
      shifts.push({ rotation: r.name, person: o.person, from: o.startsAt, until: o.endsAt, override: true });
      continue;
    }
    const shift = shiftOf(r, schedule.timeZone, at);
    if (shift) shifts.push(shift);
  }
  return { people: [...new Set(shifts.map((s) => s.person))], shifts };
}
