import {
  type DurationSummary,
  type Heatmap,
  runHeatmap,
  summarizeDurations,
} from '../../domain/pipeline-stats.js';
import type { Executor } from '../../store/executor.js';

/** Read-only views of pipeline runs (OpenLineage and Airflow alike) for the Pipelines page. */

export interface RunWindow {
  from: Date;
  to: Date;
  origin?: 'openlineage' | 'airflow' | undefined;
  job?: string | undefined;
}

const DAY = 86_400_000;
export const windowOf = (now: Date, days: number): { from: Date; to: Date } => ({
  from: new Date(now.getTime() - days * DAY),
  to: now,
});

const seconds = (start: Date | null, end: Date | null) =>
  start && end ? Math.max(0, (end.getTime() - start.getTime()) / 1000) : null;

/** Top-level runs only (no parent): a DAG run counts once, not once per task. */
function topRuns(db: Executor, w: RunWindow) {
  let q = db
    .selectFrom('pipeline_runs')
    .where('parent_run_id', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('started_at', '>=', w.from), eb('started_at', '<=', w.to)]),
        eb.and([eb('started_at', 'is', null), eb('logical_at', '>=', w.from), eb('logical_at', '<=', w.to)]),
      ]),
    );
  if (w.origin) q = q.where('origin', '=', w.origin);
  if (w.job) q = q.where('job_asset', '=', w.job);
  return q;
}

export async function runsHeatmap(
  db: Executor,
  w: RunWindow,
  timeZone: string,
): Promise<Heatmap & { total: { runs: number; failures: number } }> {
  const rows = await topRuns(db, w).select(['started_at', 'logical_at', 'state']).execute();
  const points = rows.flatMap((r) => {
    const at = r.started_at ?? r.logical_at;
    return at ? [{ at, failed: r.state === 'failed' }] : [];
  });
  return {
    ...runHeatmap(points, timeZone),
    total: { runs: points.length, failures: points.filter((p) => p.failed).length },
  };
}

export interface JobRunView {
  runId: string;
  job: string;
  origin: string;
  state: string;
  startedAt: string | null;
  endedAt: string | null;
  logicalDate: string | null;
  durationSeconds: number | null;
  error: string | null;
}

export interface JobSummary {
  job: string;
  origin: string;
  runs: number;
  failures: number;
  /** Runs not ended yet. */
  active: number;
  /** Failed / ended, 0 when none ended. */
  failureRate: number;
  durationSeconds: DurationSummary | null;
  lastRun: JobRunView;
}

type RunRow = {
  run_id: string;
  job_asset: string;
  origin: string;
  state: string;
  started_at: Date | null;
  ended_at: Date | null;
  logical_at: Date | null;
  error_message: string | null;
};

const view = (r: RunRow): JobRunView => ({
  runId: r.run_id,
  job: r.job_asset,
  origin: r.origin,
  state: r.state,
  startedAt: r.started_at?.toISOString() ?? null,
  endedAt: r.ended_at?.toISOString() ?? null,
  logicalDate: r.logical_at?.toISOString() ?? null,
  durationSeconds: seconds(r.started_at, r.ended_at),
  error: r.error_message,
});

const COLUMNS = [
  'run_id',
  'job_asset',
  'origin',
  'state',
  'started_at',
  'ended_at',
  'logical_at',
  'error_message',
] as const;

/** Every job with runs in the window: counts, failures, durations and its latest run; most failing first. */
export async function jobSummaries(db: Executor, w: RunWindow): Promise<JobSummary[]> {
  const rows = await topRuns(db, w).select(COLUMNS).execute();
  const byJob = new Map<string, RunRow[]>();
  for (const r of rows) byJob.set(r.job_asset, [...(byJob.get(r.job_asset) ?? []), r]);
  const out: JobSummary[] = [];
  for (const [job, runs] of byJob) {
    const ended = runs.filter((r) => r.ended_at !== null);
    const failures = runs.filter((r) => r.state === 'failed').length;
    const when = (r: RunRow) => (r.started_at ?? r.logical_at)?.getTime() ?? 0;
    const last = runs.reduce((a, b) => (when(b) > when(a) ? b : a));
    out.push({
      job,
      origin: last.origin,
      runs: runs.length,
      failures,
      active: runs.length - ended.length,
      failureRate: ended.length === 0 ? 0 : failures / ended.length,
      durationSeconds: summarizeDurations(
        ended.filter((r) => r.state === 'completed').flatMap((r) => seconds(r.started_at, r.ended_at) ?? []),
      ),
      lastRun: view(last),
    });
  }
  return out.sort((a, b) => b.failures - a.failures || b.runs - a.runs || a.job.localeCompare(b.job));
}

/** One job's runs, newest first. */
export async function runsOfJob(db: Executor, job: string, limit: number): Promise<JobRunView[]> {
  const rows = await db
    .selectFrom('pipeline_runs')
    .select(COLUMNS)
    .where('job_asset', '=', job)
    .orderBy('started_at', (ob) => ob.desc().nullsFirst())
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(view);
}
