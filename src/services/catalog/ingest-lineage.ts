import type { LineageObservation, OpenLineageEvent } from '../../ingest/openlineage/index.js';
import { mapOpenLineageEvent } from '../../ingest/openlineage/index.js';
import { loadRouting, type Routing } from '../alerts/routing-config.js';
import type { Actor } from '../../domain/roles.js';
import { insertAudits } from '../../store/repositories/audit-log.js';
import { mutate, type ServiceContext, type Tx } from '../context.js';
import { fullName, type ObservedAsset } from './asset-store.js';
import { recordSchemas, recordVolumes } from './asset-history.js';
import { type EdgeInput, upsertAssets, upsertEdges } from './catalog-batch.js';
import { applyMemoChanges, type MemoChanges, newMemoChanges, openCatalogMemo } from './intake-memo.js';
import { type AlertOutcome, signalCheck } from './pipeline-alerts.js';
import { advanceRuns, type RunOutcome } from './run-batch.js';

export type { RunOutcome } from './run-batch.js';

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

/** One intake request: its events, and who sent them (for the audit trail). */
export interface IntakeRequest {
  events: OpenLineageEvent[];
  actor: Actor;
  requestId?: string | undefined;
}

/**
 * OpenLineage events into the catalog: every dataset and job becomes an asset, every input ->
 * output an edge, run events move the run's state. A run that fails fires its job's alert and a
 * later completion resolves it; failed data-quality assertions fire an alert per assertion.
 *
 * Several requests may be written together (see intake-queue.ts): one transaction and a few
 * statements for all their events rather than a few per event, each request answered with its own
 * share of the outcome and audited under its own actor. Intake is the hottest write path.
 */
export async function ingestLineageRequests({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { requests: IntakeRequest[] };
}): Promise<LineageIntake[]> {
  let changes: MemoChanges | undefined;
  const out = await mutate(ctx, async (trx) => {
    // Alerts are rare on this path: the routing config is read only when one changes.
    let loaded: Promise<Routing> | undefined;
    const routing = () => {
      loaded ??= loadRouting(trx);
      return loaded;
    };
    const now = ctx.clock.now();
    const memo = await openCatalogMemo(trx, ctx.store);
    changes = newMemoChanges(memo);
    // The embedded store has one connection, so nothing writes between our reads and writes.
    const opts = { lock: ctx.store.kind !== 'pglite', memo, changes };
    const observations = input.requests.flatMap((r, tag) =>
      r.events.map((event) => ({ tag, event, obs: mapOpenLineageEvent(event) })),
    );
    await upsertAssets(
      trx,
      observations.flatMap(({ obs }) => observedAssets(obs)),
      now,
      opts,
    );
    const edges = observations.flatMap(({ tag, obs }) =>
      obs.edges.map((e): EdgeInput & { tag: number } => ({
        tag,
        from: fullName(e.from),
        to: fullName(e.to),
        via: e.via && fullName(e.via),
        columns: e.columns,
      })),
    );
    await upsertEdges(trx, edges, now, opts);
    await recordVolumes(
      trx,
      observations.flatMap(({ obs }) => obs.volumes),
    );
    await recordSchemas(
      trx,
      observations.flatMap(({ obs }) => obs.schemas),
    );
    const runs = await advanceRuns(
      trx,
      routing,
      ctx,
      observations.flatMap(({ tag, event, obs }) =>
        event.kind === 'run' && obs.run ? [{ tag, obs, facets: event.run.facets ?? {} }] : [],
      ),
      now,
      opts,
    );
    // Each request's share, in one pass over the group (a group may hold hundreds of requests).
    const result: LineageIntake[] = input.requests.map((r) => ({
      events: r.events.length,
      assets: 0,
      edges: 0,
      runs: [],
      alerts: [],
    }));
    const names = input.requests.map(() => new Set<string>());
    for (const { tag, obs } of observations)
      for (const a of observedAssets(obs)) names[tag]!.add(fullName(a));
    for (const [tag, n] of names.entries()) result[tag]!.assets = n.size;
    for (const e of edges) result[e.tag]!.edges++;
    for (const { tag, ...run } of runs.runs) result[tag]!.runs.push(run);
    for (const { tag, ...alert } of runs.alerts) result[tag]!.alerts.push(alert);
    for (const { tag, obs } of observations) {
      const checks = await assertionAlerts(trx, routing, ctx, obs, now);
      result[tag]!.alerts.push(...checks.filter((a) => a.change !== 'none'));
    }
    await insertAudits(
      trx,
      input.requests.map((r, tag) => ({
        action: 'lineage.ingest',
        targetType: 'lineage',
        targetId: r.events[0]?.producer ?? 'openlineage',
        summary: `took ${r.events.length} OpenLineage event(s): ${result[tag]!.assets} asset(s), ${result[tag]!.edges} edge(s)`,
        at: now,
        actor: r.actor,
        requestId: r.requestId,
      })),
    );
    // Audited above, one row per request and its own actor.
    return { result, audit: [] };
  });
  if (changes) applyMemoChanges(ctx.store, changes);
  return out;
}

/** One request's events (the CLI, the demo, tests). */
export async function ingestLineage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { events: OpenLineageEvent[] };
}): Promise<LineageIntake> {
  const [one] = await ingestLineageRequests({
    ctx,
    input: { requests: [{ events: input.events, actor: ctx.actor, requestId: ctx.requestId }] },
  });
  return one!;
}

function observedAssets(obs: LineageObservation): ObservedAsset[] {
  const out: ObservedAsset[] = [];
  if (obs.job) {
    out.push({
      namespace: obs.job.namespace,
      name: obs.job.name,
      type: 'job',
      origin: 'openlineage',
      description: str(rec(obs.job.facets.documentation).description),
      owner: ownerFacet(obs.job.facets),
    });
  }
  const schemas = new Map(obs.schemas.map((s) => [fullName(s.dataset), s.fields]));
  for (const d of obs.datasets) {
    const fields = schemas.get(fullName(d));
    out.push({
      namespace: d.namespace,
      name: d.name,
      type: 'table',
      origin: 'openlineage',
      description: str(rec(d.facets.documentation).description),
      owner: ownerFacet(d.facets),
      columns: fields?.map((f) => ({ name: f.name, type: f.type, description: f.description })),
    });
  }
  return out;
}

/** dataQualityAssertions: a failed assertion fires, the same assertion passing later resolves it. */
async function assertionAlerts(
  trx: Tx,
  routing: () => Promise<Routing>,
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
        await signalCheck(trx, await routing(), {
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
