import { walkDownstream } from '../../domain/lineage-graph.js';
import type { Executor } from '../../store/executor.js';
import { loadLineageGraph } from '../catalog/catalog-queries.js';
import { mutate, type ServiceContext } from '../context.js';
import {
  channelsForOwners,
  enqueueIncidentMessage,
  liveChannels,
  assertLiveChannels,
} from './incident-outbox.js';
import { addEvent, findIncident } from './incident-records.js';

export interface BlastAsset {
  name: string;
  /** Hops downstream of the nearest affected asset; 0 for an affected asset. */
  depth: number;
  path: string[];
  type: string | null;
  owner: string | null;
  domain: string | null;
}

export interface BlastRadius {
  incidentId: string;
  affected: BlastAsset[];
  downstream: BlastAsset[];
  dashboards: BlastAsset[];
  owners: string[];
  /** False when no affected asset is in the lineage graph: only the incident's own assets are listed. */
  lineageKnown: boolean;
}

/**
 * The blast radius from lineage: every asset downstream of the incident's affected assets, nearest
 * first, their owners, and the dashboards among them (what people look at). Until lineage knows
 * the assets, the incident's own assets and their owners are all there is.
 */
export async function blastRadius(db: Executor, incidentId: string): Promise<BlastRadius> {
  const incident = await findIncident(db, incidentId);
  const roots = incident.affected_assets;
  const graph = await loadLineageGraph(db);
  const lineageKnown = roots.some((r) => graph.has(r));
  const walked = lineageKnown ? walkDownstream(graph, roots) : [];
  const names = [...roots, ...walked.map((n) => n.id)];
  const rows = names.length
    ? await db
        .selectFrom('assets')
        .select(['name', 'type', 'owner', 'domain'])
        .where('name', 'in', names)
        .where('deleted_at', 'is', null)
        .execute()
    : [];
  const info = new Map(rows.map((r) => [r.name, r]));
  // Monitors name an owner too, for assets the catalog does not know yet.
  const monitorOwners = names.length
    ? await db
        .selectFrom('monitors')
        .select(['asset', 'owner'])
        .where('asset', 'in', names)
        .where('deleted_at', 'is', null)
        .where('owner', 'is not', null)
        .execute()
    : [];
  const ownerOf = (name: string) =>
    info.get(name)?.owner ?? monitorOwners.find((m) => m.asset === name)?.owner ?? null;
  const describe = (name: string, depth: number, path: string[]): BlastAsset => ({
    name,
    depth,
    path,
    type: info.get(name)?.type ?? null,
    owner: ownerOf(name),
    domain: info.get(name)?.domain ?? null,
  });
  const affected = roots.map((r) => describe(r, 0, [r]));
  const downstream = walked.map((n) => describe(n.id, n.depth, n.path));
  const owners = [
    ...new Set([...affected, ...downstream].map((a) => a.owner).filter((o): o is string => !!o)),
  ].sort();
  return {
    incidentId,
    affected,
    downstream,
    dashboards: downstream.filter((a) => a.type === 'dashboard'),
    owners,
    lineageKnown,
  };
}

/**
 * Tells the owners in the blast radius: each owner's channels (the routing tree matched on
 * `owner`), plus any channels named. One message per channel, listing what of theirs is hit.
 */
export async function notifyBlastRadius({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; channels?: string[] | undefined; note?: string | undefined };
}): Promise<{ eventId: number; owners: string[]; channels: string[] }> {
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const incident = await findIncident(trx, input.id);
    const radius = await blastRadius(trx, incident.id);
    const live = await liveChannels(trx);
    assertLiveChannels(live, input.channels ?? []);
    const byOwner = await channelsForOwners(
      trx,
      radius.owners.map((owner) => ({ owner })),
    );
    const channels = [...new Set([...(input.channels ?? []), ...[...byOwner.values()].flat()])].sort();
    const hit = [...radius.affected, ...radius.downstream];
    const lines = hit
      .slice(0, 50)
      .map(
        (a) => `- ${a.name}${a.type === 'dashboard' ? ' (dashboard)' : ''}${a.owner ? ` — ${a.owner}` : ''}`,
      );
    const text = [
      `Data you own may be affected by "${incident.title}" (${incident.severity}, ${incident.status}).`,
      input.note ?? '',
      `Affected and downstream (${hit.length}):`,
      ...lines,
      hit.length > 50 ? `… and ${hit.length - 50} more` : '',
    ]
      .filter(Boolean)
      .join('\n');
    const eventId = await addEvent(trx, {
      incidentId: incident.id,
      at: now,
      kind: 'blast_radius_notified',
      actor: ctx.actor.name,
      message: `blast radius sent to ${radius.owners.length} owner(s) on ${channels.length} channel(s)`,
      data: { owners: radius.owners, channels, assets: hit.length, dashboards: radius.dashboards.length },
    });
    await enqueueIncidentMessage(trx, {
      incident,
      channels,
      purpose: 'blast-radius',
      key: eventId,
      title: `[${incident.severity}] Downstream impact: ${incident.title}`,
      text,
      now,
    });
    return {
      result: { eventId, owners: radius.owners, channels },
      audit: {
        action: 'incident.notify_blast_radius',
        targetType: 'incident',
        targetId: incident.id,
        summary: `blast radius of "${incident.title}" sent to ${channels.length} channel(s)`,
      },
    };
  });
}
