import { sql } from 'kysely';
import { silencedNow } from '../alerts/silenced-now.js';
import { INCIDENT_SEVERITIES } from '../../domain/incident.js';
import { walkDownstream } from '../../domain/lineage-graph.js';
import type { Executor } from '../../store/executor.js';
import { loadLineageGraph } from '../catalog/catalog-queries.js';

export interface DegradedAsset {
  asset: string;
  domain: string | null;
  /** When it went bad: the incident's start, or the first firing alert's. */
  since: string;
  /** incident: an open incident lists it; alert: an alert fires on it; downstream: fed by one that is. */
  state: 'incident' | 'alert' | 'downstream';
  /** For downstream assets: the degraded asset it reads from. */
  via: string | null;
  incident: { id: string; title: string; severity: string; status: string } | null;
  alerts: number;
  /** The latest stakeholder update on the incident: what consumers are told to do. */
  latestUpdate: { at: string; status: string; impact: string; nextUpdateAt: string | null } | null;
}

/** SEV1 first; an unknown severity last. */
const severityRank = (s: string) => {
  const n = (INCIDENT_SEVERITIES as readonly string[]).indexOf(s);
  return n < 0 ? INCIDENT_SEVERITIES.length : n;
};

/**
 * Which incident speaks for an asset several hit: one that lists it before one it is downstream
 * of, then the most severe (a later, lesser incident upstream must not hide a SEV1), then the
 * earliest, which the incidents' start order already gives.
 */
function outranks(next: DegradedAsset, current: DegradedAsset | undefined): boolean {
  if (!current) return true;
  if (current.state !== next.state) return next.state === 'incident';
  return severityRank(next.incident?.severity ?? '') < severityRank(current.incident?.severity ?? '');
}

export interface DataStatus {
  generatedAt: string;
  filter: { domain: string | null; asset: string | null };
  healthy: boolean;
  degraded: DegradedAsset[];
}

/**
 * The data status page: which assets are degraded now, since when, and the latest word to their
 * consumers. Open incidents speak for their assets and everything downstream of them; a firing
 * page or ticket alert on an asset no incident covers still marks it degraded. Only names, titles and updates meant for stakeholders
 * are shown, since the page is readable without a token.
 */
export async function dataStatus(
  db: Executor,
  input: { domain?: string | undefined; asset?: string | undefined; now: Date },
): Promise<DataStatus> {
  const incidents = await db
    .selectFrom('incidents')
    .selectAll()
    .where('status', 'in', ['triage', 'investigating', 'identified', 'monitoring'])
    .orderBy('started_at')
    .execute();
  const updates = incidents.length
    ? await db
        .selectFrom('incident_events')
        .select(['incident_id', 'at', 'data'])
        .where(
          'incident_id',
          'in',
          incidents.map((i) => i.id),
        )
        .where('kind', '=', 'update')
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .execute()
    : [];
  const silenced = await silencedNow(db, input.now);
  const alerts = (
    await db
      .selectFrom('alerts')
      .select([sql<string>`labels->>'asset'`.as('asset'), 'started_at', 'labels'])
      .where('status', '=', 'firing')
      .where('severity', 'in', ['page', 'ticket'])
      .where(sql<boolean>`labels->>'asset' is not null`)
      .execute()
  ).filter((a) => !silenced(a.labels));
  const byAsset = new Map<string, DegradedAsset>();
  const graph = incidents.length ? await loadLineageGraph(db) : null;
  for (const i of incidents) {
    const u = updates.find((e) => e.incident_id === i.id);
    // Consumers of a downstream table need the warning as much as those of the broken one.
    const downstream = graph
      ? walkDownstream(graph, i.affected_assets).map((n) => ({ asset: n.id, via: n.path[0] ?? null }))
      : [];
    const hit = [...i.affected_assets.map((asset) => ({ asset, via: null })), ...downstream];
    for (const { asset, via } of hit) {
      const entry: DegradedAsset = {
        asset,
        domain: null,
        since: i.started_at.toISOString(),
        state: via ? 'downstream' : 'incident',
        via,
        incident: { id: i.id, title: i.title, severity: i.severity, status: i.status },
        alerts: 0,
        latestUpdate: u
          ? {
              at: u.at.toISOString(),
              status: String(u.data?.status ?? i.status),
              impact: String(u.data?.impact ?? ''),
              nextUpdateAt: (u.data?.nextUpdateAt as string | null | undefined) ?? null,
            }
          : null,
      };
      if (outranks(entry, byAsset.get(asset))) byAsset.set(asset, entry);
    }
  }
  for (const a of alerts) {
    const entry = byAsset.get(a.asset);
    if (entry) {
      entry.alerts++;
      continue;
    }
    byAsset.set(a.asset, {
      asset: a.asset,
      domain: null,
      since: a.started_at.toISOString(),
      state: 'alert',
      via: null,
      incident: null,
      alerts: 1,
      latestUpdate: null,
    });
  }
  const names = [...byAsset.keys()];
  const domains = names.length
    ? await db
        .selectFrom('assets')
        .select(['name', 'domain'])
        .where('name', 'in', names)
        .where('deleted_at', 'is', null)
        .execute()
    : [];
  for (const d of domains) {
    const entry = byAsset.get(d.name);
    if (entry) entry.domain = d.domain;
  }
  for (const e of byAsset.values())
    if (e.state === 'alert') {
      const first = alerts.filter((a) => a.asset === e.asset).map((a) => a.started_at.getTime());
      e.since = new Date(Math.min(...first)).toISOString();
    }
  const degraded = [...byAsset.values()]
    .filter((e) => (input.domain ? e.domain === input.domain : true))
    .filter((e) => (input.asset ? e.asset === input.asset : true))
    .sort((a, b) => a.since.localeCompare(b.since) || a.asset.localeCompare(b.asset));
  return {
    generatedAt: input.now.toISOString(),
    filter: { domain: input.domain ?? null, asset: input.asset ?? null },
    healthy: degraded.length === 0,
    degraded,
  };
}
