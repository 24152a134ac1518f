import type { AirflowDagRun, AirflowTaskRun } from '../../ingest/airflow/index.js';
import { json } from '../../store/executor.js';
import type { AirflowSourceConfig } from '../../sources/airflow/index.js';
import { upsertAsset } from '../catalog/asset-store.js';
import type { Tx } from '../context.js';

/**
 * How Airflow's DAGs and tasks are named in the catalog: as the OpenLineage Airflow provider names
 * its jobs (namespace/dag_id and namespace/dag_id.task_id), so runs polled here and events the
 * provider sends land on the same assets.
 */
export const dagJob = (namespace: string, dagId: string): string => `${namespace}/${dagId}`;
export const taskJob = (namespace: string, dagId: string, taskId: string): string =>
  `${namespace}/${dagId}.${taskId}`;

/** Stable run ids per source: one Airflow's `scheduled__…` ids repeat across DAGs and deployments. */
export const dagRunKey = (sourceId: string, r: { dagId: string; runId: string }): string =>
  `airflow:${sourceId}:${r.dagId}/${r.runId}`;
const taskRunKey = (sourceId: string, t: AirflowTaskRun): string =>
  `${dagRunKey(sourceId, t)}/${t.taskId}${t.mapIndex >= 0 ? `[${t.mapIndex}]` : ''}`;

const at = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

async function upsertRun(
  trx: Tx,
  row: {
    run_id: string;
    job_asset: string;
    state: string;
    parent_run_id: string | null;
    started_at: Date | null;
    ended_at: Date | null;
    logical_at: Date | null;
    error_message: string | null;
    facets: Record<string, unknown>;
    source_id: string;
  },
  now: Date,
): Promise<void> {
  const values = {
    ...row,
    origin: 'airflow',
    start_seen: row.started_at !== null,
    last_event_at: row.ended_at ?? row.started_at,
    last_active_at: row.started_at,
    facets: json(row.facets),
    updated_at: now,
  };
  await trx
    .insertInto('pipeline_runs')
    .values({ ...values, created_at: now })
    .onConflict((oc) =>
      oc.column('run_id').doUpdateSet({
        state: values.state,
        start_seen: values.start_seen,
        started_at: values.started_at,
        ended_at: values.ended_at,
        logical_at: values.logical_at,
        last_event_at: values.last_event_at,
        last_active_at: values.last_active_at,
        error_message: values.error_message,
        facets: values.facets,
        updated_at: now,
      }),
    )
    .execute();
}

/** DAGs and tasks as job assets, tagged so the catalog can be searched for them. */
export async function storeJobs(
  trx: Tx,
  config: AirflowSourceConfig,
  dags: AirflowDagRun[],
  tasks: AirflowTaskRun[],
  now: Date,
  /** Job assets the DAG list described this poll (see airflow-dags.ts): not described again. */
  described: ReadonlySet<string> = new Set(),
): Promise<number> {
  const seen = new Set<string>();
  const put = async (name: string, tags: string[], description: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    if (described.has(`${config.namespace}/${name}`)) return;
    await upsertAsset(
      trx,
      { namespace: config.namespace, name, type: 'job', origin: 'airflow', tags, description },
      now,
    );
  };
  for (const d of dags) await put(d.dagId, ['airflow', 'airflow-dag'], `Airflow DAG ${d.dagId}`);
  for (const t of tasks) {
    const description = `Airflow task ${t.taskId} of DAG ${t.dagId}${t.operator ? ` (${t.operator})` : ''}`;
    await put(`${t.dagId}.${t.taskId}`, ['airflow', 'airflow-task'], description);
  }
  return seen.size;
}

/** Why a DAG run failed, from its failed tasks, when this poll read them. */
function failureMessage(run: AirflowDagRun, tasks: AirflowTaskRun[]): string | null {
  if (run.status !== 'failed') return null;
  const failed = tasks
    .filter((t) => t.dagId === run.dagId && t.runId === run.runId && t.airflowState === 'failed')
    .map((t) => t.taskId);
  return failed.length > 0
    ? `DAG run ${run.runId} failed: task ${[...new Set(failed)].join(', ')} failed`
    : `DAG run ${run.runId} failed`;
}

export async function storeRuns(
  trx: Tx,
  sourceId: string,
  config: AirflowSourceConfig,
  dags: AirflowDagRun[],
  tasks: AirflowTaskRun[],
  now: Date,
): Promise<void> {
  for (const r of dags) {
    await upsertRun(
      trx,
      {
        run_id: dagRunKey(sourceId, r),
        job_asset: dagJob(config.namespace, r.dagId),
        state: r.status,
        parent_run_id: null,
        started_at: at(r.startDate),
        ended_at: r.status === 'running' || r.status === 'pending' ? null : at(r.endDate),
        logical_at: at(r.logicalDate),
        error_message: failureMessage(r, tasks),
        facets: {
          airflow: { dagId: r.dagId, runId: r.runId, state: r.airflowState, runType: r.runType ?? null },
        },
        source_id: sourceId,
      },
      now,
    );
  }
  for (const t of tasks) {
    await upsertRun(
      trx,
      {
        run_id: taskRunKey(sourceId, t),
        job_asset: taskJob(config.namespace, t.dagId, t.taskId),
        state: t.status,
        parent_run_id: dagRunKey(sourceId, t),
        started_at: at(t.startDate),
        ended_at: at(t.endDate),
        logical_at: at(t.logicalDate),
        error_message: t.airflowState === 'failed' ? `task ${t.taskId} failed (try ${t.tryNumber})` : null,
        facets: {
          airflow: {
            dagId: t.dagId,
            runId: t.runId,
            taskId: t.taskId,
            mapIndex: t.mapIndex,
            tryNumber: t.tryNumber,
            state: t.airflowState,
            operator: t.operator ?? null,
          },
        },
        source_id: sourceId,
      },
      now,
    );
  }
}
