import type { Severity } from '../../domain/monitor.js';
import type { AlertSignal } from '../alerts/alert-signal.js';
import type { Routing } from '../alerts/routing-config.js';
import { upsertAlert } from '../alerts/upsert-alert.js';
import type { Tx } from '../context.js';

export interface AlertOutcome {
  fingerprint: string;
  change: string;
}

/** One alert per job, whichever run failed: a job failing every hour is one alert, not 24. */
export const pipelineFingerprint = (job: string): string => `pipeline:${job}`;

async function ownerOf(trx: Tx, asset: string): Promise<string | null> {
  const row = await trx
    .selectFrom('assets')
    .select('owner')
    .where('name', '=', asset)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.owner ?? null;
}

/** Labels every catalog alert carries, so routing by owner and lookups by asset work. */
async function labelsFor(
  trx: Tx,
  asset: string,
  kind: string,
  severity: Severity,
  extra: Record<string, string | undefined>,
): Promise<Record<string, string>> {
  const labels: Record<string, string> = { asset, kind, severity };
  const owner = await ownerOf(trx, asset);
  if (owner) labels.owner = owner;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') labels[k] = v;
  return labels;
}

/** A failed or aborted run fires its job's alert; a completed one resolves it. */
export async function signalPipeline(
  trx: Tx,
  routing: Routing,
  input: {
    job: string;
    status: 'failed' | 'aborted' | 'completed';
    runId: string;
    error?: string | null | undefined;
    at: Date;
    actor: string;
  },
): Promise<AlertOutcome> {
  const fingerprint = pipelineFingerprint(input.job);
  const severity: Severity = input.status === 'failed' ? 'page' : 'ticket';
  const signal: AlertSignal = {
    fingerprint,
    origin: 'pipeline',
    status: input.status === 'completed' ? 'resolved' : 'firing',
    severity,
    title:
      input.status === 'completed'
        ? `Pipeline ${input.job} completed`
        : `Pipeline ${input.job} ${input.status}`,
    summary:
      input.status === 'completed'
        ? `run ${input.runId} completed`
        : (input.error ?? `run ${input.runId} ${input.status}`),
    labels: await labelsFor(trx, input.job, 'pipeline_failure', severity, { job: input.job }),
    annotations: { run_id: input.runId, ...(input.error ? { error: input.error } : {}) },
    at: input.at,
  };
  const { change } = await upsertAlert(trx, routing, signal, input.actor);
  return { fingerprint, change };
}

/** A failed data-quality check reported by a producer (OpenLineage assertion, dbt test). */
export async function signalCheck(
  trx: Tx,
  routing: Routing,
  input: {
    fingerprint: string;
    asset: string;
    kind: string;
    passed: boolean;
    severity: Severity;
    title: string;
    summary: string;
    labels: Record<string, string | undefined>;
    at: Date;
    actor: string;
  },
): Promise<AlertOutcome> {
  const { change } = await upsertAlert(
    trx,
    routing,
    {
      fingerprint: input.fingerprint,
      origin: 'pipeline',
      status: input.passed ? 'resolved' : 'firing',
      severity: input.severity,
      title: input.title,
      summary: input.summary,
      labels: await labelsFor(trx, input.asset, input.kind, input.severity, input.labels),
      annotations: {},
      at: input.at,
    },
    input.actor,
  );
  return { fingerprint: input.fingerprint, change };
}
