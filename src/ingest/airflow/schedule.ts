import type { AirflowDagRun } from './types.js';

/**
 * Pure helpers over DAG runs: when runs happen (a weekday x hour heatmap) and whether a run met its
 * deadline. `now` is always passed in; nothing here reads the clock.
 */

export interface RunHeatmap {
  timeZone: string;
  /** counts[weekday][hour]; weekday 0 = Monday … 6 = Sunday, hour 0–23 in timeZone. */
  counts: number[][];
  failures: number[][];
}

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** Runs by weekday and hour of their logical date (or start, when Airflow gave none). */
export function runsByHourAndWeekday(runs: readonly AirflowDagRun[], timeZone = 'UTC'): RunHeatmap {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  const grid = () => Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const map: RunHeatmap = { timeZone, counts: grid(), failures: grid() };
  for (const run of runs) {
    const at = run.logicalDate ?? run.startDate;
    const ms = at === null ? Number.NaN : Date.parse(at);
    if (!Number.isFinite(ms)) continue;
    const parts = fmt.formatToParts(ms);
    const day = WEEKDAYS[parts.find((p) => p.type === 'weekday')?.value ?? ''];
    const hour = Number(parts.find((p) => p.type === 'hour')?.value);
    if (day === undefined || !Number.isInteger(hour)) continue;
    map.counts[day]![hour]!++;
    if (run.status === 'failed') map.failures[day]![hour]!++;
  }
  return map;
}

export interface DeadlineOptions {
  /** The current time, from the caller's clock. */
  now: Date | string;
  /**
   * How long after its logical date a run may take to finish. Since Airflow 2.2 the logical date is
   * the start of the data interval and the run only begins when the interval ends, so a daily DAG
   * due by 02:00 the next morning has an allowance of 26 h, not 2 h.
   */
  allowanceMs: number;
}

export type DeadlineVerdict =
  | { status: 'on_time'; deadline: string; finishedAt: string; marginMs: number }
  | { status: 'late'; deadline: string; finishedAt: string | null; lateByMs: number }
  | { status: 'pending'; deadline: string; remainingMs: number }
  | { status: 'unknown'; reason: string };

/** A run not finished by logical date + allowance is late, whether it finished since or is still going. */
export function checkRunDeadline(run: AirflowDagRun, options: DeadlineOptions): DeadlineVerdict {
  const logical = run.logicalDate === null ? Number.NaN : Date.parse(run.logicalDate);
  if (!Number.isFinite(logical)) return { status: 'unknown', reason: 'the run has no logical date' };
  const deadlineMs = logical + options.allowanceMs;
  const deadline = new Date(deadlineMs).toISOString();
  const finished = run.endDate !== null && run.status !== 'running' && run.status !== 'pending';
  if (finished) {
    const end = Date.parse(run.endDate!);
    return end <= deadlineMs
      ? { status: 'on_time', deadline, finishedAt: run.endDate!, marginMs: deadlineMs - end }
      : { status: 'late', deadline, finishedAt: run.endDate!, lateByMs: end - deadlineMs };
  }
  const now = new Date(options.now).getTime();
  return now > deadlineMs
    ? { status: 'late', deadline, finishedAt: null, lateByMs: now - deadlineMs }
    : { status: 'pending', deadline, remainingMs: deadlineMs - now };
}
