import { Cron } from 'croner';
import { parseDuration } from './monitor.js';

/**
 * A dead-man's switch: a job pings Vigil when it runs; silence past the deadline is the alert.
 * Either a period ("every 1h") or a cron expression with its time zone, plus a grace time.
 */
export type HeartbeatSchedule = { period: string } | { cron: string; timeZone?: string | undefined };

/** When the next success ping is due at the latest, given the last one. */
export function nextDeadline(schedule: HeartbeatSchedule, graceMs: number, lastPing: Date): Date {
  if ('period' in schedule)
    return new Date(lastPing.getTime() + (parseDuration(schedule.period) ?? 3_600_000) + graceMs);
  const next = new Cron(schedule.cron, { timezone: schedule.timeZone ?? 'UTC', paused: true }).nextRun(
    lastPing,
  );
  return new Date((next ?? new Date(lastPing.getTime() + 86_400_000)).getTime() + graceMs);
}

/** A started run must end (success or fail) within the grace time. */
export function runDeadline(startedAt: Date, graceMs: number): Date {
  return new Date(startedAt.getTime() + graceMs);
}
