import type { RunStatus } from '../../domain/pipeline-run.js';
import { isRecord } from '../shared/result.js';
import type { AirflowDag, AirflowDagRun, AirflowTaskRun } from './types.js';

/** Airflow states (DAG runs and task instances alike) in Vigil's run vocabulary. */
const STATUS: Record<string, RunStatus> = {
  queued: 'pending',
  scheduled: 'pending',
  deferred: 'running',
  up_for_retry: 'running',
  up_for_reschedule: 'running',
  restarting: 'running',
  running: 'running',
  success: 'completed',
  failed: 'failed',
  upstream_failed: 'failed',
  // Skipped and removed work did not run to the end, without having failed.
  skipped: 'aborted',
  removed: 'aborted',
};

export const runStatusOf = (state: string | null): RunStatus =>
  state ? (STATUS[state] ?? 'pending') : 'pending';

const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function seconds(start: string | null, end: string | null, given: unknown): number | null {
  const d = n(given);
  if (d !== null) return d;
  if (start === null || end === null) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

/** A DAG run of /api/v1 (Airflow 2) or /api/v2 (Airflow 3); both spell the fields Vigil reads alike. */
export function mapDagRun(r: Record<string, unknown>): AirflowDagRun {
  const startDate = s(r.start_date);
  const endDate = s(r.end_date);
  const state = s(r.state) ?? 'queued';
  const run: AirflowDagRun = {
    dagId: String(r.dag_id),
    runId: String(r.dag_run_id),
    airflowState: state,
    status: runStatusOf(state),
    // Airflow 2 before 2.2 only had execution_date.
    logicalDate: s(r.logical_date) ?? s(r.execution_date),
    dataIntervalStart: s(r.data_interval_start),
    dataIntervalEnd: s(r.data_interval_end),
    startDate,
    endDate,
    durationSeconds: seconds(startDate, endDate, r.duration),
  };
  const runType = s(r.run_type);
  if (runType) run.runType = runType;
  return run;
}

export function mapTaskInstance(t: Record<string, unknown>): AirflowTaskRun {
  const startDate = s(t.start_date);
  const endDate = s(t.end_date);
  const state = s(t.state);
  const task: AirflowTaskRun = {
    dagId: String(t.dag_id),
    runId: String(t.dag_run_id),
    taskId: String(t.task_id),
    mapIndex: n(t.map_index) ?? -1,
    tryNumber: n(t.try_number) ?? 0,
    airflowState: state,
    status: runStatusOf(state),
    logicalDate: s(t.logical_date) ?? s(t.execution_date),
    startDate,
    endDate,
    durationSeconds: seconds(startDate, endDate, t.duration),
  };
  const operator = s(t.operator);
  if (operator) task.operator = operator;
  return task;
}

/** Airflow 2's schedule_interval: a cron expression, a timedelta or a relativedelta object. */
function scheduleInterval(v: unknown): string | null {
  if (typeof v === 'string') return s(v);
  if (!isRecord(v)) return null;
  if (v.__type === 'CronExpression') return s(v.value);
  if (v.__type === 'TimeDelta') {
    const total = (n(v.days) ?? 0) * 86_400 + (n(v.seconds) ?? 0);
    const parts: string[] = [];
    const units: Array<[string, number]> = [
      ['d', 86_400],
      ['h', 3_600],
      ['m', 60],
      ['s', 1],
    ];
    let rest = total;
    for (const [unit, size] of units) {
      const k = Math.floor(rest / size);
      if (k > 0) parts.push(`${k}${unit}`);
      rest -= k * size;
    }
    return parts.length > 0 ? `every ${parts.join(' ')}` : null;
  }
  if (v.__type === 'RelativeDelta') return 'relativedelta';
  return null;
}

/**
 * A DAG of /api/v1 (Airflow 2: schedule_interval) or /api/v2 (Airflow 3: timetable_summary, which
 * Airflow 2.10 also sends). Tags come as objects with a name.
 */
export function mapDag(d: Record<string, unknown>): AirflowDag {
  const tags = Array.isArray(d.tags)
    ? d.tags.map((t) => (isRecord(t) ? s(t.name) : s(t))).filter((t): t is string => t !== null)
    : [];
  const owners = Array.isArray(d.owners) ? d.owners.map(s).filter((o): o is string => o !== null) : [];
  return {
    dagId: String(d.dag_id),
    description: s(d.description),
    owners,
    tags,
    schedule: s(d.timetable_summary) ?? scheduleInterval(d.schedule_interval),
    scheduleDescription: s(d.timetable_description),
    paused: d.is_paused === true,
  };
}
