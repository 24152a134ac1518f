import type { RunStatus } from '../../domain/pipeline-run.js';
import type { AirflowDagRun, AirflowTaskRun } from './types.js';

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
