/**
 * Wall-clock arithmetic in IANA time zones with Intl only (no I/O, no clock). Working hours,
 * recurring silences and on-call hand-offs are all defined in local time, so a 09:00 start
 * stays 09:00 across daylight-saving changes.
 */

export interface LocalDateTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of an instant in a zone. */
export function toLocal(at: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const year = parts.year as number;
  const month = parts.month as number;
  const day = parts.day as number;
  return {
    year,
    month,
    day,
    hour: parts.hour as number,
    minute: parts.minute as number,
    second: parts.second as number,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

function offsetMs(at: number, timeZone: string): number {
  const l = toLocal(new Date(at), timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a wall-clock time names in a zone. A time skipped by a spring-forward gap maps
 * forward by the gap's length; an ambiguous time (fall back) maps to its first occurrence.
 */
export function fromLocal(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Try the offsets in force a day either side: one of them is right unless the time is in a gap.
  const candidates = new Set([offsetMs(wall - 86_400_000, timeZone), offsetMs(wall + 86_400_000, timeZone)]);
  const exact: number[] = [];
  for (const off of candidates) {
    const at = wall - off;
    if (offsetMs(at, timeZone) === off) exact.push(at);
  }
  if (exact.length > 0) return new Date(Math.min(...exact));
  // In a gap the wall time does not exist: read it with the offset before the gap, which moves
  // it forward by the gap's size (02:30 on a spring-forward night becomes 03:30), as Temporal does.
  return new Date(wall - offsetMs(wall - 86_400_000, timeZone));
}

/** Days from one calendar date to another (both y-m-d), ignoring zones. */
export function daysBetween(
  a: { year: number; month: number; day: number },
  b: { year: number; month: number; day: number },
): number {
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );
}

/** A calendar date moved by whole days. */
export function addDays(
  d: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` (24-hour) → minutes after midnight; `24:00` is allowed as an end of day. */
export function parseClockTime(text: string, allowEndOfDay = false): number | undefined {
  if (allowEndOfDay && text === '24:00') return 24 * 60;
  const m = HHMM.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 60 + Number(m[2]);
}
