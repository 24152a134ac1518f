import { fromLocal, toLocal } from '../routing/time-zone.js';
import { approxMs, isFixed, parseSloDuration } from './duration.js';
import type { TimeWindow } from './model.js';

/** The period an SLO is judged over at an instant: [start, end) in ms. */
export interface Period {
  start: number;
  end: number;
  /** Length used for burn-rate factors (a calendar month counts as 30 days). */
  lengthMs: number;
}

const START_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** `2024-01-01 00:00:00` (OpenSLO's calendar startTime, wall clock in the window's zone). */
export function parseStartTime(
  text: string,
): { y: number; mo: number; d: number; h: number; mi: number } | undefined {
  const m = START_RE.exec(text.trim());
  if (!m) return undefined;
  return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), h: Number(m[4]), mi: Number(m[5]) };
}

/**
 * A rolling window ends now. A calendar window is the one containing now, counted from its
 * start time in its zone: months, quarters and years follow the calendar (a March is 31 days),
 * weeks and days are fixed lengths from the start.
 */
export function periodAt(window: TimeWindow, now: number): Period {
  const d = parseSloDuration(window.duration);
  if (!d) throw new Error(`invalid duration ${window.duration}`);
  const lengthMs = approxMs(d);
  if (window.rolling) return { start: now - lengthMs, end: now, lengthMs };
  const s = parseStartTime(window.startTime);
  if (!s) throw new Error(`invalid startTime ${window.startTime}`);
  const tz = window.timeZone;
  if (isFixed(d)) {
    const origin = fromLocal(s.y, s.mo, s.d, s.h, s.mi, tz).getTime();
    const k = Math.floor((now - origin) / lengthMs);
    return { start: origin + k * lengthMs, end: origin + (k + 1) * lengthMs, lengthMs };
  }
  const step = d.count * (d.unit === 'M' ? 1 : d.unit === 'Q' ? 3 : 12);
  const local = toLocal(new Date(now), tz);
  const at = (months: number) => {
    const total = s.y * 12 + (s.mo - 1) + months;
    return fromLocal(Math.floor(total / 12), (total % 12) + 1, s.d, s.h, s.mi, tz).getTime();
  };
  let k = Math.floor((local.year * 12 + local.month - 1 - (s.y * 12 + s.mo - 1)) / step);
  while (at(k * step) > now) k--;
  while (at((k + 1) * step) <= now) k++;
  return { start: at(k * step), end: at((k + 1) * step), lengthMs };
}
