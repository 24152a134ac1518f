import { isTerminal, NEW_RUN, nextRunState, type PipelineRunState } from '../../domain/pipeline-run.js';
import type { LineageObservation } from '../../ingest/openlineage/index.js';
import { json } from '../../store/executor.js';
import type { PipelineRunRow } from '../../store/schema-catalog.js';
import type { Routing } from '../alerts/routing-config.js';
import type { ServiceContext, Tx } from '../context.js';
import { fullName } from './asset-store.js';
import { type AlertOutcome, pipelineFingerprint, signalPipeline } from './pipeline-alerts.js';

export interface RunOutcome {
  runId: string;
  job: string;
  state: string;
  changed: boolean;
  /** Why the event could not move the run (it still adds its datasets and lineage). */
  refused?: string;
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

interface Working {
  exists: boolean;
  job: string;
  state: PipelineRunState;
  parent: string | null;
  error: string | null;
  facets: Record<string, unknown>;
  touched: boolean;
}

interface Ending {
  /** The caller's tag of the event that ended the run (which request it came in). */
  tag: number;
  runId: string;
  job: string;
  status: 'completed' | 'failed' | 'aborted';
  endedAt: string;
}

/**
 * Moves every run of a request through its state machine in memory, in event order, then writes
 * the runs in one multi-row upsert. A run that ended fires (or resolves) its job's alert only when
 * no other run of the job ended later, whichever request brought that one.
 */
export async function advanceRuns(
  trx: Tx,
  routing: () => Promise<Routing>,
  ctx: ServiceContext,
  items: Array<{ obs: LineageObservation; facets: Record<string, unknown>; tag: number }>,
  now: Date,
  opts: { lock: boolean },
): Promise<{ runs: Array<RunOutcome & { tag: number }>; alerts: Array<AlertOutcome & { tag: number }> }> {
  const ids = [...new Set(items.map((i) => i.obs.run!.runId))];
  if (ids.length === 0) return { runs: [], alerts: [] };
  let query = trx.selectFrom('pipeline_runs').selectAll().where('run_id', 'in', ids);
  if (opts.lock) query = query.forUpdate();
  const rows = await query.execute();
  const byId = new Map(rows.map((r) => [r.run_id, r]));
  const work = new Map<string, Working>();
  const outcomes: Array<RunOutcome & { tag: number }> = [];
  const endings: Ending[] = [];
  for (const { obs, facets, tag } of items) {
    const run = obs.run!;
    const job = fullName(run.job);
    const row = byId.get(run.runId);
    const cur: Working = work.get(run.runId) ?? {
      exists: row !== undefined,
      job,
      state: stateOf(row),
      parent: row?.parent_run_id ?? null,
      error: row?.error_message ?? null,
      facets: row?.facets ?? {},
      touched: false,
    };
    work.set(run.runId, cur);
    const before = cur.state;
    const step = nextRunState(before, run.transition);
    if (!step.ok) {
      outcomes.push({
        tag,
        runId: run.runId,
        job,
        state: before.status,
        changed: false,
        refused: step.message,
      });
      continue;
    }
    Object.assign(cur, {
      job,
      state: step.state,
      parent: run.parent?.runId ?? cur.parent,
      error: run.error?.message ?? cur.error,
      facets: { ...cur.facets, ...facets },
      touched: true,
    });
    outcomes.push({ tag, runId: run.runId, job, state: step.state.status, changed: step.changed });
    const s = step.state;
    if (step.changed && isTerminal(s.status) && !isTerminal(before.status)) {
      endings.push({ tag, runId: run.runId, job, status: s.status, endedAt: s.endedAt! });
    }
  }

  const touched = [...work.entries()].filter(([, w]) => w.touched);
  if (touched.length > 0) {
    await trx
      .insertInto('pipeline_runs')
      .values(
        touched.map(([runId, w]) => ({
          run_id: runId,
          job_asset: w.job,
          state: w.state.status,
          start_seen: w.state.startSeen,
          parent_run_id: w.parent,
          started_at: w.state.startedAt,
          ended_at: w.state.endedAt,
          last_event_at: w.state.lastEventAt,
          last_active_at: w.state.lastActiveAt,
          error_message: w.error,
          facets: json(w.facets),
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.column('run_id').doUpdateSet((eb) => ({
          job_asset: eb.ref('excluded.job_asset'),
          state: eb.ref('excluded.state'),
          start_seen: eb.ref('excluded.start_seen'),
          parent_run_id: eb.ref('excluded.parent_run_id'),
          started_at: eb.ref('excluded.started_at'),
          ended_at: eb.ref('excluded.ended_at'),
          last_event_at: eb.ref('excluded.last_event_at'),
          last_active_at: eb.ref('excluded.last_active_at'),
          error_message: eb.ref('excluded.error_message'),
          facets: eb.ref('excluded.facets'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  return { runs: outcomes, alerts: await endingAlerts(trx, routing, ctx, endings, work, now) };
}

async function endingAlerts(
  trx: Tx,
  routing: () => Promise<Routing>,
  ctx: ServiceContext,
  endings: Ending[],
  work: Map<string, Working>,
  now: Date,
): Promise<Array<AlertOutcome & { tag: number }>> {
  if (endings.length === 0) return [];
  const jobs = [...new Set(endings.map((e) => e.job))];
  // Most runs complete and their job's alert is quiet: one look at which alerts fire settles them.
  const firing = new Set(
    (
      await trx
        .selectFrom('alerts')
        .select('fingerprint')
        .where('fingerprint', 'in', jobs.map(pipelineFingerprint))
        .where('status', '=', 'firing')
        .execute()
    ).map((r) => r.fingerprint),
  );
  const loud = new Set(
    endings
      .filter((e) => e.status !== 'completed' || firing.has(pipelineFingerprint(e.job)))
      .map((e) => e.job),
  );
  const speaking = endings.filter((e) => loud.has(e.job));
  if (speaking.length === 0) return [];
  // Runs end out of order: only the job's latest ending speaks for the job.
  const latest = await trx
    .selectFrom('pipeline_runs')
    .select((eb) => ['job_asset', eb.fn.max('ended_at').as('last')])
    .where('job_asset', 'in', [...new Set(speaking.map((e) => e.job))])
    .groupBy('job_asset')
    .execute();
  const lastEnd = new Map(latest.map((r) => [r.job_asset, r.last ? new Date(r.last).getTime() : 0]));
  const out: Array<AlertOutcome & { tag: number }> = [];
  for (const e of speaking) {
    if ((lastEnd.get(e.job) ?? 0) > Date.parse(e.endedAt)) continue;
    const fingerprint = pipelineFingerprint(e.job);
    // An earlier ending in this same write may have resolved (or fired) the alert already.
    if (e.status === 'completed' && !firing.has(fingerprint)) continue;
    const alert = await signalPipeline(trx, await routing(), {
      job: e.job,
      status: e.status,
      runId: e.runId,
      error: work.get(e.runId)?.error ?? null,
      at: now,
      actor: ctx.actor.name,
    });
    if (e.status === 'completed') firing.delete(fingerprint);
    else firing.add(fingerprint);
    out.push({ ...alert, tag: e.tag });
  }
  return out;
}
