/**
 * Pure statistics over pipeline runs: the weekday x hour heatmap of when runs start, and duration
 * summaries. Times and the time zone are passed in; nothing here reads the clock.
 */

export interface RunPoint {
  /** When the run started (or, before it started, its logical date). */
  at: Date;
  failed: boolean;
}

export interface Heatmap {
  timeZone: string;
  /** runs[weekday][hour]; weekday 0 = Monday … 6 = Sunday, hour 0–23 in timeZone. */
  runs: number[][];
  failures: number[][];
}

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** True when Intl knows the IANA zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function runHeatmap(points: Iterable<RunPoint>, timeZone = 'UTC'): Heatmap {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  const grid = () => Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const map: Heatmap = { timeZone, runs: grid(), failures: grid() };
  for (const p of points) {
    const parts = fmt.formatToParts(p.at);
    const day = WEEKDAYS[parts.find((x) => x.type === 'weekday')?.value ?? ''];
    const hour = Number(parts.find((x) => x.type === 'hour')?.value);
    if (day === undefined || !Number.isInteger(hour)) continue;
    map.runs[day]![hour]!++;
    if (p.failed) map.failures[day]![hour]!++;
  }
  return map;
}

export interface DurationSummary {
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentiles of durations in seconds; null when there are none. */
export function summarizeDurations(seconds: readonly number[]): DurationSummary | null {
  if (seconds.length === 0) return null;
  const sorted = [...seconds].sort((a, b) => a - b);
  const rank = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1]! };
}
