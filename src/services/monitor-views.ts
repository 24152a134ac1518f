import { Cron } from 'croner';
import type { Monitor, MonitorKind, Schedule, Severity } from '../domain/monitor.js';
import { parseDuration } from '../domain/monitor.js';
import type { CheckResultRow, MonitorRow } from '../store/schema.js';
import type { MonitorState } from './monitor-kinds/kind.js';

export function toMonitor(row: MonitorRow): Monitor {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as MonitorKind,
    sourceId: row.source_id,
    asset: row.asset,
    config: row.config,
    schedule: row.schedule as Schedule,
    severity: row.severity as Severity,
    owner: row.owner,
    labels: row.labels,
    runbook: row.runbook,
    description: row.description,
    enabled: row.enabled,
    pausedReason: row.paused_reason,
    origin: row.origin as Monitor['origin'],
    lastStatus: row.last_status as Monitor['lastStatus'],
    lastRunAt: row.last_run_at ? row.last_run_at.toISOString() : null,
    nextRunAt: row.next_run_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function monitorState(row: MonitorRow): MonitorState {
  const s = (row.detector_state ?? {}) as Partial<MonitorState>;
  return { detectors: s.detectors ?? {}, memory: s.memory ?? {} };
}

/** The next time a schedule is due after `from`. */
export function nextRunAfter(schedule: Schedule, from: Date): Date {
  if ('every' in schedule) return new Date(from.getTime() + (parseDuration(schedule.every) ?? 3_600_000));
  const next = new Cron(schedule.cron, { timezone: schedule.timeZone ?? 'UTC', paused: true }).nextRun(from);
  return next ?? new Date(from.getTime() + 86_400_000);
}

/** The schedule's interval, for backing off a failing source. */
export function scheduleIntervalMs(schedule: Schedule, from: Date): number {
  return Math.max(1_000, nextRunAfter(schedule, from).getTime() - from.getTime());
}

export interface CheckResultView {
  id: number;
  monitorId: string;
  at: string;
  status: string;
  observed: number | null;
  expected: { lower: number | null; upper: number | null } | null;
  score: number | null;
  message: string;
  details: unknown;
  durationMs: number;
  cost: { queries: number; queryMs: number; rowsScanned: number | null; bytesScanned: number | null };
}

export function toCheckResultView(r: CheckResultRow): CheckResultView {
  return {
    id: r.id,
    monitorId: r.monitor_id,
    at: r.at.toISOString(),
    status: r.status,
    observed: r.observed,
    expected:
      r.expected_lower === null && r.expected_upper === null
        ? null
        : { lower: r.expected_lower, upper: r.expected_upper },
    score: r.score,
    message: r.message,
    details: r.details,
    durationMs: r.duration_ms,
    cost: {
      queries: r.queries,
      queryMs: r.query_ms,
      rowsScanned: r.rows_scanned,
      bytesScanned: r.bytes_scanned,
    },
  };
}
