import { type AirflowDagRun, checkRunDeadline } from '../../ingest/airflow/index.js';
import type { AirflowSourceConfig } from '../../sources/airflow/index.js';
import { json } from '../../store/executor.js';
import { upsertAlert } from '../alerts/upsert-alert.js';
import type { Routing } from '../alerts/routing-config.js';
import { type AlertOutcome, signalPipeline } from '../catalog/pipeline-alerts.js';
import type { Tx } from '../context.js';
import { judge } from '../monitor-kinds/judge.js';
import type { MonitorState } from '../monitor-kinds/kind.js';
import { dagJob, dagRunKey } from './airflow-runs.js';

/** Finished runs a job needs before a slow one can alert: the baseline must exist first. */
export const SLOW_RUN_TRAINING = 10;

interface Signal {
  trx: Tx;
  routing: Routing;
  actor: string;
  now: Date;
}

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

async function owner(trx: Tx, job: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('assets')
    .select('owner')
    .where('name', '=', job)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.owner ?? undefined;
}

async function jobAlert(
  s: Signal,
  input: { fingerprint: string; job: string; kind: string; firing: boolean; title: string; summary: string },
  annotations: Record<string, string>,
): Promise<AlertOutcome> {
  const severity = 'ticket' as const;
  const who = await owner(s.trx, input.job);
  const { change } = await upsertAlert(
    s.trx,
    s.routing,
    {
      fingerprint: input.fingerprint,
      origin: 'pipeline',
      status: input.firing ? 'firing' : 'resolved',
      severity,
      title: input.title,
      summary: input.summary,
      labels: {
        asset: input.job,
        job: input.job,
        kind: input.kind,
        severity,
        ...(who ? { owner: who } : {}),
      },
      annotations,
      at: s.now,
    },
    s.actor,
  );
  return { fingerprint: input.fingerprint, change };
}

/**
 * A finished DAG run speaks for its DAG: failed fires the pipeline alert (the one OpenLineage FAIL
 * fires), success resolves it. Only the job's latest ending counts, whichever producer reported it.
 */
export async function failureAlerts(
  s: Signal,
  sourceId: string,
  config: AirflowSourceConfig,
  runs: AirflowDagRun[],
) {
  const out: AlertOutcome[] = [];
  const finished = runs
    .filter((r) => r.endDate !== null && (r.status === 'failed' || r.status === 'completed'))
    .sort((a, b) => Date.parse(a.endDate!) - Date.parse(b.endDate!));
  const latest = new Map<string, AirflowDagRun>();
  for (const r of finished) latest.set(r.dagId, r);
  for (const r of latest.values()) {
    const job = dagJob(config.namespace, r.dagId);
    const runId = dagRunKey(sourceId, r);
    const newer = await s.trx
      .selectFrom('pipeline_runs')
      .select('run_id')
      .where('job_asset', '=', job)
      .where('run_id', '!=', runId)
      .where('ended_at', '>', new Date(r.endDate!))
      .executeTakeFirst();
    if (newer) continue;
    const error = await s.trx
      .selectFrom('pipeline_runs')
      .select('error_message')
      .where('run_id', '=', runId)
      .executeTakeFirst();
    out.push(
      await signalPipeline(s.trx, s.routing, {
        job,
        status: r.status as 'failed' | 'completed',
        runId: r.runId,
        error: error?.error_message ?? null,
        at: s.now,
        actor: s.actor,
      }),
    );
  }
  return out.filter((o) => o.change !== 'none');
}

/**
 * Every successful run's duration feeds its DAG's learned baseline (the detector monitors use);
 * a run far slower than usual fires `slow_run:<job>`, a normal one resolves it.
 */
export async function slowRunAlerts(s: Signal, config: AirflowSourceConfig, runs: AirflowDagRun[]) {
  const out: AlertOutcome[] = [];
  const done = runs
    .filter((r) => r.status === 'completed' && r.durationSeconds !== null && r.endDate !== null)
    .sort((a, b) => Date.parse(a.endDate!) - Date.parse(b.endDate!));
  const byJob = new Map<string, AirflowDagRun[]>();
  for (const r of done) {
    const job = dagJob(config.namespace, r.dagId);
    byJob.set(job, [...(byJob.get(job) ?? []), r]);
  }
  for (const [job, jobRuns] of byJob) {
    const row = await s.trx
      .selectFrom('job_duration_baselines')
      .selectAll()
      .where('job_asset', '=', job)
      .forUpdate()
      .executeTakeFirst();
    let state: MonitorState = row?.state ?? { detectors: {}, memory: {} };
    let verdict: ReturnType<typeof judge>['verdict'] | undefined;
    let last: AirflowDagRun | undefined;
    for (const r of jobRuns) {
      const j = judge(state, 'duration', new Date(r.endDate!), r.durationSeconds!, {
        metricKind: 'custom',
        options: { metricLabel: 'run duration (s)', direction: 'up', minTrainingPoints: SLOW_RUN_TRAINING },
      });
      state = j.state;
      verdict = j.verdict;
      last = r;
    }
    const runsSeen = (row?.runs ?? 0) + jobRuns.length;
    const values = { state: json(state), runs: runsSeen, updated_at: s.now };
    if (row)
      await s.trx.updateTable('job_duration_baselines').set(values).where('job_asset', '=', job).execute();
    else
      await s.trx
        .insertInto('job_duration_baselines')
        .values({ job_asset: job, ...values })
        .execute();
    if (!verdict || !last || verdict.status === 'learning') continue;
    const slow = verdict.status === 'anomaly';
    out.push(
      await jobAlert(
        s,
        {
          fingerprint: `slow_run:${job}`,
          job,
          kind: 'pipeline_slow',
          firing: slow,
          title: `Pipeline ${job} ran slow`,
          summary: slow ? `run ${last.runId}: ${verdict.reason}` : `run ${last.runId} took a usual time`,
        },
        {
          run_id: last.runId,
          duration_seconds: String(last.durationSeconds),
          ...(verdict.expected
            ? { expected: `${Math.round(verdict.expected.lower)}–${Math.round(verdict.expected.upper)} s` }
            : {}),
        },
      ),
    );
  }
  return out.filter((o) => o.change !== 'none');
}

/** Minutes a DAG's runs may take past their logical date, or undefined when no deadline is set. */
export function allowanceFor(config: AirflowSourceConfig, dagId: string): number | undefined {
  const m = config.dagDeadlines[dagId] ?? config.deadlineMinutes;
  return m === undefined ? undefined : m * 60_000;
}

/**
 * Runs still going past logical date + allowance fire `deadline:<job>` (as Airflow 3.1 deadline
 * alerts do); a later run of the DAG finishing on time resolves it.
 */
export async function deadlineAlerts(
  s: Signal,
  config: AirflowSourceConfig,
  finished: AirflowDagRun[],
  active: AirflowDagRun[],
) {
  const verdicts = new Map<string, { run: AirflowDagRun; late: boolean; text: string }>();
  const ordered = [...finished].sort((a, b) => Date.parse(a.endDate ?? '') - Date.parse(b.endDate ?? ''));
  for (const run of [...ordered, ...active]) {
    const allowanceMs = allowanceFor(config, run.dagId);
    if (allowanceMs === undefined) continue;
    const v = checkRunDeadline(run, { now: s.now, allowanceMs });
    const job = dagJob(config.namespace, run.dagId);
    if (v.status === 'late') {
      const text = v.finishedAt
        ? `run ${run.runId} finished ${minutes(v.lateByMs)} after its deadline ${v.deadline}`
        : `run ${run.runId} has not finished; its deadline ${v.deadline} passed ${minutes(v.lateByMs)} ago`;
      verdicts.set(job, { run, late: true, text });
    } else if (v.status === 'on_time') {
      // Runs are in end order and active ones last: the latest word on the job wins.
      verdicts.set(job, {
        run,
        late: false,
        text: `run ${run.runId} finished before its deadline ${v.deadline}`,
      });
    }
  }
  const out: AlertOutcome[] = [];
  for (const [job, v] of verdicts) {
    out.push(
      await jobAlert(
        s,
        {
          fingerprint: `deadline:${job}`,
          job,
          kind: 'pipeline_deadline',
          firing: v.late,
          title: `Pipeline ${job} missed its deadline`,
          summary: v.text,
        },
        { run_id: v.run.runId, ...(v.run.logicalDate ? { logical_date: v.run.logicalDate } : {}) },
      ),
    );
  }
  return out.filter((o) => o.change !== 'none');
}
