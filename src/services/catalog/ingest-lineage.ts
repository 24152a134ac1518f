import { isTerminal, NEW_RUN, nextRunState, type PipelineRunState } from '../../domain/pipeline-run.js';
import {
  type LineageObservation,
  mapOpenLineageEvent,
  type OpenLineageEvent,
} from '../../ingest/openlineage/index.js';
import { json } from '../../store/executor.js';
import type { PipelineRunRow } from '../../store/schema-catalog.js';
import { loadRouting, type Routing } from '../alerts/routing-config.js';
import { mutate, type ServiceContext, type Tx } from '../context.js';
import { type AlertOutcome, signalCheck, signalPipeline } from './pipeline-alerts.js';
import { fullName, upsertAsset, upsertEdge } from './asset-store.js';

export interface RunOutcome {
  runId: string;
  job: string;
  state: string;
  changed: boolean;
  /** Why the event could not move the run (it still adds its datasets and lineage). */
  refused?: string;
}

export interface LineageIntake {
  events: number;
  assets: number;
  edges: number;
  runs: RunOutcome[];
  alerts: AlertOutcome[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function ownerFacet(facets: Record<string, Record<string, unknown>>): string | undefined {
  const owners = facets.ownership?.owners;
  return Array.isArray(owners) ? str(rec(owners[0]).name) : undefined;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
function stateOf(row: PipelineRunRow | undefined): PipelineRunState {
  if (!row) return NEW_RUN;
  return {
    status: row.state as PipelineRunState['status'],
    startedAt: iso(row.started_at),
    startSeen: row.start_seen,
    endedAt: iso(row.ended_at),
    lastEventAt: iso(row.last_event_at),
    lastActiveAt: iso(row.last_active_at),
  };
}

/**
 * OpenLineage events into the catalog: every dataset and job becomes an asset, every input ->
 * output an edge, run events move the run's state. A run that fails fires its job's alert and a
 * later completion resolves it; failed data-quality assertions fire an alert per assertion.
 * One transaction for the whole request.
 */
export async function ingestLineage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { events: OpenLineageEvent[] };
}): Promise<LineageIntake> {
  return mutate(ctx, async (trx) => {
    const routing = await loadRouting(trx);
    const now = ctx.clock.now();
    const out: LineageIntake = { events: input.events.length, assets: 0, edges: 0, runs: [], alerts: [] };
    const assets = new Set<string>();
    for (const event of input.events) {
      const obs = mapOpenLineageEvent(event);
      await storeAssets(trx, obs, now, assets);
      for (const e of obs.edges) {
        await upsertEdge(
          trx,
          { from: fullName(e.from), to: fullName(e.to), via: e.via && fullName(e.via), columns: e.columns },
          now,
        );
        out.edges++;
      }
      if (event.kind === 'run' && obs.run) {
        const run = await advanceRun(trx, routing, ctx, obs, event.run.facets ?? {}, now);
        out.runs.push(run.outcome);
        if (run.alert) out.alerts.push(run.alert);
      }
      const checks = await assertionAlerts(trx, routing, ctx, obs, now);
      out.alerts.push(...checks.filter((a) => a.change !== 'none'));
    }
    out.assets = assets.size;
    return {
      result: out,
      audit: {
        action: 'lineage.ingest',
        targetType: 'lineage',
        targetId: input.events[0]?.producer ?? 'openlineage',
        summary: `took ${input.events.length} OpenLineage event(s): ${assets.size} asset(s), ${out.edges} edge(s)`,
      },
    };
  });
}

async function storeAssets(trx: Tx, obs: LineageObservation, now: Date, seen: Set<string>): Promise<void> {
  if (obs.job) {
    await upsertAsset(
      trx,
      {
        namespace: obs.job.namespace,
        name: obs.job.name,
        type: 'job',
        origin: 'openlineage',
        description: str(rec(obs.job.facets.documentation).description),
        owner: ownerFacet(obs.job.facets),
      },
      now,
    );
    seen.add(fullName(obs.job));
  }
  const schemas = new Map(obs.schemas.map((s) => [fullName(s.dataset), s.fields]));
  for (const d of obs.datasets) {
    const fields = schemas.get(fullName(d));
    await upsertAsset(
      trx,
      {
        namespace: d.namespace,
        name: d.name,
        type: 'table',
        origin: 'openlineage',
        description: str(rec(d.facets.documentation).description),
        owner: ownerFacet(d.facets),
        columns: fields?.map((f) => ({ name: f.name, type: f.type, description: f.description })),
      },
      now,
    );
    seen.add(fullName(d));
  }
}

async function advanceRun(
  trx: Tx,
  routing: Routing,
  ctx: ServiceContext,
  obs: LineageObservation,
  facets: Record<string, unknown>,
  now: Date,
): Promise<{ outcome: RunOutcome; alert?: AlertOutcome }> {
  const run = obs.run!;
  const job = fullName(run.job);
  const existing = await trx
    .selectFrom('pipeline_runs')
    .selectAll()
    .where('run_id', '=', run.runId)
    .forUpdate()
    .executeTakeFirst();
  const before = stateOf(existing);
  const step = nextRunState(before, run.transition);
  if (!step.ok) {
    return {
      outcome: { runId: run.runId, job, state: before.status, changed: false, refused: step.message },
    };
  }
  const s = step.state;
  const row = {
    job_asset: job,
    state: s.status,
    start_seen: s.startSeen,
    parent_run_id: run.parent?.runId ?? existing?.parent_run_id ?? null,
    started_at: s.startedAt,
    ended_at: s.endedAt,
    last_event_at: s.lastEventAt,
    last_active_at: s.lastActiveAt,
    error_message: run.error?.message ?? existing?.error_message ?? null,
    facets: json({ ...(existing?.facets ?? {}), ...facets }),
    updated_at: now,
  };
  if (existing) await trx.updateTable('pipeline_runs').set(row).where('run_id', '=', run.runId).execute();
  else
    await trx
      .insertInto('pipeline_runs')
      .values({ ...row, run_id: run.runId, created_at: now })
      .execute();
  const outcome = { runId: run.runId, job, state: s.status, changed: step.changed };
  if (!step.changed || !isTerminal(s.status) || isTerminal(before.status)) return { outcome };
  // Runs end out of order: only the job's latest ending speaks for the job.
  const newer = await trx
    .selectFrom('pipeline_runs')
    .select('run_id')
    .where('job_asset', '=', job)
    .where('run_id', '!=', run.runId)
    .where('ended_at', '>', new Date(s.endedAt!))
    .executeTakeFirst();
  if (newer) return { outcome };
  const alert = await signalPipeline(trx, routing, {
    job,
    status: s.status,
    runId: run.runId,
    error: row.error_message,
    at: now,
    actor: ctx.actor.name,
  });
  return { outcome, alert };
}

/** dataQualityAssertions: a failed assertion fires, the same assertion passing later resolves it. */
async function assertionAlerts(
  trx: Tx,
  routing: Routing,
  ctx: ServiceContext,
  obs: LineageObservation,
  now: Date,
): Promise<AlertOutcome[]> {
  const out: AlertOutcome[] = [];
  const job = obs.job ? fullName(obs.job) : undefined;
  for (const d of obs.datasets) {
    const assertions = rec(d.facets.dataQualityAssertions).assertions;
    if (!Array.isArray(assertions)) continue;
    const asset = fullName(d);
    for (const raw of assertions) {
      const a = rec(raw);
      const assertion = str(a.assertion);
      if (!assertion || typeof a.success !== 'boolean') continue;
      const column = str(a.column);
      const what = column ? `${assertion} on ${column}` : assertion;
      out.push(
        await signalCheck(trx, routing, {
          fingerprint: `assertion:${asset}:${assertion}${column ? `:${column}` : ''}`,
          asset,
          kind: 'assertion_failure',
          passed: a.success,
          severity: 'ticket',
          title: `Assertion ${what} failed on ${d.name}`,
          summary: a.success ? `${what} passes again` : `${what} failed on ${asset}`,
          labels: { assertion, column, job },
          at: now,
          actor: ctx.actor.name,
        }),
      );
    }
  }
  return out;
}
