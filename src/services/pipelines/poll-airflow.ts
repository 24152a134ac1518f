import { AppError, notFound } from '../../domain/errors.js';
import {
  type AirflowCursor,
  createAirflowClient,
  listActiveDagRuns,
  listDags,
  pollDagRuns,
  pollTaskInstances,
  START_CURSOR,
} from '../../ingest/airflow/index.js';
import { outboundPolicy } from '../../net/outbound-guard.js';
import { type AirflowSourceConfig, airflowConfigSchema } from '../../sources/airflow/index.js';
import { json } from '../../store/executor.js';
import { findLiveSource } from '../../store/repositories/sources.js';
import type { SourceRow } from '../../store/schema.js';
import { loadRouting } from '../alerts/routing-config.js';
import { upsertAlert } from '../alerts/upsert-alert.js';
import type { AlertOutcome } from '../catalog/pipeline-alerts.js';
import { mutate, type ServiceContext } from '../context.js';
import { deadlineAlerts, failureAlerts, slowRunAlerts } from './airflow-alerts.js';
import { storeDags } from './airflow-dags.js';
import { storeJobs, storeRuns } from './airflow-runs.js';

export interface AirflowPollOutcome {
  source: string;
  status: 'ok' | 'failed';
  dagRuns: number;
  taskRuns: number;
  activeRuns: number;
  jobs: number;
  alerts: AlertOutcome[];
  error?: string;
  /** True when the poll stopped at its item limit: the rest come with the next poll. */
  more: boolean;
  nextPollAt: string;
}

/** Backoff after failures in a row: twice the interval, then four times … at most 30 minutes. */
export function backoffMs(intervalMs: number, failures: number): number {
  if (failures <= 0) return intervalMs;
  return Math.min(intervalMs * 2 ** failures, Math.max(intervalMs, 30 * 60_000));
}

export function airflowConfigOf(ctx: ServiceContext, row: SourceRow): AirflowSourceConfig {
  const secrets = row.secrets ? ctx.secrets.open(row.secrets) : {};
  const parsed = airflowConfigSchema.safeParse({ ...row.config, ...secrets, kind: 'airflow' });
  if (!parsed.success) {
    const paths = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))];
    throw new AppError(
      'VALIDATION_FAILED',
      `source "${row.name}" is not a valid Airflow source: ${paths.join(', ')}`,
    );
  }
  return parsed.data;
}

async function pollerOf(ctx: ServiceContext, sourceId: string) {
  const row = await ctx.store.db
    .selectFrom('airflow_pollers')
    .selectAll()
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
  return (
    row ?? {
      dag_cursor: START_CURSOR as AirflowCursor,
      task_cursor: START_CURSOR as AirflowCursor,
      failures: 0,
    }
  );
}

/**
 * One poll of one Airflow: DAG runs and task instances that ended since the stored cursors, and the
 * runs still going (for deadlines). Runs, job assets, alerts and the new cursors commit in one
 * transaction; a failed poll keeps the cursors, fires the source's one "down" alert and backs off.
 */
export async function pollAirflow({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { source: string };
}): Promise<AirflowPollOutcome> {
  const row = await findLiveSource(ctx.store.db, input.source);
  if (row?.kind !== 'airflow') throw notFound('Airflow source', input.source);
  const config = airflowConfigOf(ctx, row);
  const poller = await pollerOf(ctx, row.id);
  const client = createAirflowClient({
    baseUrl: config.url,
    version: config.version,
    username: config.username,
    password: config.password,
    timeoutMs: config.requestTimeoutMs,
    // Deny by default: a context without the configured policy reaches no internal address.
    policy: ctx.outbound ?? outboundPolicy(),
  });
  const intervalMs = config.pollIntervalSeconds * 1000;
  const dags = await pollDagRuns(client, poller.dag_cursor);
  const tasks = dags.ok ? await pollTaskInstances(client, poller.task_cursor) : undefined;
  const active = tasks?.ok ? await listActiveDagRuns(client) : undefined;
  const dagList = active?.ok ? await listDags(client) : undefined;
  const failure = !dags.ok
    ? dags.error
    : tasks && !tasks.ok
      ? tasks.error
      : active && !active.ok
        ? active.error
        : dagList && !dagList.ok
          ? dagList.error
          : undefined;

  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const routing = await loadRouting(trx);
    const signal = { trx, routing, actor: ctx.actor.name, now };
    const sourceAlert = async (firing: boolean, summary: string) =>
      upsertAlert(
        trx,
        routing,
        {
          fingerprint: `source:${row.id}`,
          origin: 'source',
          status: firing ? 'firing' : 'resolved',
          severity: 'page',
          title: `source ${row.name} is down`,
          summary,
          labels: { source: row.name, kind: 'source_down', severity: 'page' },
          annotations: { title: `source ${row.name} is down`, summary },
          sourceId: row.id,
          at: now,
        },
        ctx.actor.name,
      );
    const save = async (values: {
      dag_cursor: AirflowCursor;
      task_cursor: AirflowCursor;
      failures: number;
      next_poll_at: Date;
      last_error: string | null;
    }) => {
      const stored = {
        ...values,
        dag_cursor: json(values.dag_cursor),
        task_cursor: json(values.task_cursor),
        last_polled_at: now,
        updated_at: now,
      };
      await trx
        .insertInto('airflow_pollers')
        .values({ source_id: row.id, ...stored })
        .onConflict((oc) => oc.column('source_id').doUpdateSet(stored))
        .execute();
    };

    if (failure || !dags.ok || !tasks?.ok || !active?.ok || !dagList?.ok) {
      const failures = poller.failures + 1;
      const next = new Date(now.getTime() + backoffMs(intervalMs, failures));
      const message = failure?.message ?? 'Airflow did not answer';
      // Only "cannot reach / cannot sign in" means the source is down; a 500 on one call is not.
      const down =
        failure?.kind === 'unreachable' || failure?.kind === 'timeout' || failure?.kind === 'unauthorized';
      const alert = down ? await sourceAlert(true, message) : undefined;
      await save({
        dag_cursor: poller.dag_cursor,
        task_cursor: poller.task_cursor,
        failures,
        next_poll_at: next,
        last_error: message,
      });
      const outcome: AirflowPollOutcome = {
        source: row.name,
        status: 'failed',
        dagRuns: 0,
        taskRuns: 0,
        activeRuns: 0,
        jobs: 0,
        // One source alert: later failures refresh it without a word.
        alerts: alert?.change === 'fired' ? [{ fingerprint: `source:${row.id}`, change: alert.change }] : [],
        error: message,
        more: false,
        nextPollAt: next.toISOString(),
      };
      return {
        result: outcome,
        audit: {
          action: 'airflow.poll',
          targetType: 'source',
          targetId: row.id,
          summary: `Airflow poll of "${row.name}" failed (${failures} in a row): ${message}`,
        },
      };
    }

    const dagRuns = [...dags.value.items, ...active.value];
    // DAG metadata first: the runs' own job descriptions only fill in DAGs the list did not name.
    const described = await storeDags(trx, config, dagList.value, now);
    const jobs = await storeJobs(trx, config, dagRuns, tasks.value.items, now, described);
    await storeRuns(trx, row.id, config, dagRuns, tasks.value.items, now);
    const alerts: AlertOutcome[] = [];
    if (poller.failures > 0) {
      const back = await sourceAlert(false, `${row.name} answers again`);
      if (back.change !== 'none') alerts.push({ fingerprint: `source:${row.id}`, change: back.change });
    }
    alerts.push(...(await failureAlerts(signal, row.id, config, dags.value.items)));
    alerts.push(...(await slowRunAlerts(signal, config, dags.value.items)));
    alerts.push(...(await deadlineAlerts(signal, config, dags.value.items, active.value)));
    const more = dags.value.more || tasks.value.more;
    const next = new Date(now.getTime() + (more ? 0 : intervalMs));
    await save({
      dag_cursor: dags.value.cursor,
      task_cursor: tasks.value.cursor,
      failures: 0,
      next_poll_at: next,
      last_error: null,
    });
    const outcome: AirflowPollOutcome = {
      source: row.name,
      status: 'ok',
      dagRuns: dags.value.items.length,
      taskRuns: tasks.value.items.length,
      activeRuns: active.value.length,
      jobs,
      alerts,
      more,
      nextPollAt: next.toISOString(),
    };
    return {
      result: outcome,
      audit: {
        action: 'airflow.poll',
        targetType: 'source',
        targetId: row.id,
        summary: `polled Airflow "${row.name}": ${outcome.dagRuns} DAG run(s), ${outcome.taskRuns} task run(s) ended, ${outcome.activeRuns} running`,
      },
    };
  });
}
