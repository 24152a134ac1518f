import { walkUpstream } from '../../domain/lineage-graph.js';
import {
  type ChangeCandidate,
  type RankedChange,
  rankChanges,
  relativeShift,
} from '../../domain/what-changed.js';
import type { Executor } from '../../store/executor.js';
import { loadLineageGraph } from '../catalog/catalog-queries.js';
import { describeDiff, type SchemaDiff } from '../monitor-kinds/schema.js';
import { findIncident } from './incident-records.js';

const HOUR = 3_600_000;
/** How far back to look: beyond a day the time weight has all but vanished anyway. */
const LOOKBACK_MS = 24 * HOUR;
const LOOKAHEAD_MS = 15 * 60_000;
const MAX_UPSTREAM_HOPS = 10;
/** A volume change smaller than this between two loads is ordinary churn. */
const VOLUME_SHIFT = 0.2;
/** A run this many times its usual duration is slow. */
const SLOW_FACTOR = 2;

export interface WhatChanged {
  incidentId: string;
  start: string;
  from: string;
  to: string;
  /** Assets looked at: the affected ones and everything upstream, with their distance. */
  assetsConsidered: number;
  lineageKnown: boolean;
  items: Array<Omit<RankedChange, 'at'> & { at: string }>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * "What changed?" around an incident's start, across its affected assets and everything upstream
 * of them: failing checks, schema changes, volume shifts, failed or slow pipeline runs and new
 * code versions, ranked by the pure rules in domain/what-changed.ts.
 */
export async function whatChanged(
  db: Executor,
  input: { id: string; limit?: number | undefined },
): Promise<WhatChanged> {
  const incident = await findIncident(db, input.id);
  const start = incident.started_at;
  const from = new Date(start.getTime() - LOOKBACK_MS);
  const to = new Date(start.getTime() + LOOKAHEAD_MS);
  const graph = await loadLineageGraph(db);
  const distance = new Map<string, number>(incident.affected_assets.map((a) => [a, 0]));
  for (const n of walkUpstream(graph, incident.affected_assets, { maxDepth: MAX_UPSTREAM_HOPS }))
    if (!distance.has(n.id)) distance.set(n.id, n.depth);
  // Jobs that write an asset sit at that asset's distance (the edge's `via`).
  const jobs = new Map<string, number>();
  for (const e of graph.edges) {
    const d = distance.get(e.to);
    if (e.via && d !== undefined && (jobs.get(e.via) ?? Number.POSITIVE_INFINITY) > d) jobs.set(e.via, d);
  }
  const names = [...distance.keys()];
  const candidates: ChangeCandidate[] = [];
  const monitors = names.length
    ? await db
        .selectFrom('monitors')
        .select(['id', 'name', 'kind', 'asset'])
        .where('asset', 'in', names)
        .where('deleted_at', 'is', null)
        .execute()
    : [];
  // The monitors behind the incident's own alerts are its symptom, not something that changed.
  const own = new Set(
    (
      await db
        .selectFrom('incident_alerts')
        .innerJoin('alerts', 'alerts.id', 'incident_alerts.alert_id')
        .select('alerts.monitor_id')
        .where('incident_alerts.incident_id', '=', incident.id)
        .execute()
    ).flatMap((r) => (r.monitor_id ? [r.monitor_id] : [])),
  );
  const monitorIds = monitors.map((m) => m.id);
  const monitorById = new Map(monitors.map((m) => [m.id, m]));
  if (monitorIds.length) {
    // The first failing run of each monitor in the window: when it went wrong, not how long.
    const fails = await db
      .selectFrom('check_results')
      .select(['monitor_id', 'at', 'status', 'score', 'message'])
      .where('monitor_id', 'in', monitorIds)
      .where('status', 'in', ['fail', 'error'])
      .where('at', '>=', from)
      .where('at', '<=', to)
      .orderBy('at')
      .execute();
    const seen = new Set<string>();
    for (const f of fails) {
      const m = monitorById.get(f.monitor_id)!;
      if (seen.has(m.id) || own.has(m.id)) continue;
      seen.add(m.id);
      candidates.push({
        kind: m.kind === 'volume' ? 'volume_shift' : m.kind === 'schema' ? 'schema_change' : 'failing_check',
        asset: m.asset,
        at: f.at,
        distance: distance.get(m.asset) ?? 0,
        detail: `${m.name} (${m.kind}) ${f.status}: ${f.message}`.slice(0, 300),
        magnitude: f.score ?? 1,
        ref: { monitorId: m.id },
      });
    }
    const schemaChanges = await db
      .selectFrom('schema_snapshots')
      .select(['monitor_id', 'at', 'diff'])
      .where('monitor_id', 'in', monitorIds)
      .where('diff', 'is not', null)
      .where('at', '>=', from)
      .where('at', '<=', to)
      .execute();
    for (const s of schemaChanges) {
      const m = monitorById.get(s.monitor_id)!;
      if (candidates.some((c) => c.kind === 'schema_change' && c.ref?.monitorId === m.id)) continue;
      candidates.push({
        kind: 'schema_change',
        asset: m.asset,
        at: s.at,
        distance: distance.get(m.asset) ?? 0,
        detail: describeDiff(s.diff as SchemaDiff),
        ref: { monitorId: m.id },
      });
    }
    const points = await db
      .selectFrom('metric_points')
      .select(['monitor_id', 'segment', 'at', 'value'])
      .where('monitor_id', 'in', monitorIds)
      .where('metric', '=', 'row_count')
      .where('at', '>=', from)
      .where('at', '<=', to)
      .orderBy('monitor_id')
      .orderBy('segment')
      .orderBy('at')
      .execute();
    const biggest = new Map<string, ChangeCandidate>();
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      if (a.monitor_id !== b.monitor_id || a.segment !== b.segment) continue;
      const shift = relativeShift(a.value, b.value);
      const m = monitorById.get(b.monitor_id)!;
      if (shift < VOLUME_SHIFT || (biggest.get(m.id)?.magnitude ?? 0) >= shift) continue;
      if (candidates.some((c) => c.kind === 'volume_shift' && c.ref?.monitorId === m.id)) continue;
      biggest.set(m.id, {
        kind: 'volume_shift',
        asset: m.asset,
        at: b.at,
        distance: distance.get(m.asset) ?? 0,
        detail: `row count ${a.value} → ${b.value} (${Math.round(shift * 100)}%)`,
        magnitude: shift,
        ref: { monitorId: m.id },
      });
    }
    candidates.push(...biggest.values());
  }
  const jobNames = [...new Set([...jobs.keys(), ...names])];
  const runs = jobNames.length
    ? await db
        .selectFrom('pipeline_runs')
        .select(['run_id', 'job_asset', 'state', 'started_at', 'ended_at', 'error_message'])
        .where('job_asset', 'in', jobNames)
        .where('ended_at', 'is not', null)
        .where('ended_at', '<=', to)
        .orderBy('ended_at')
        .execute()
    : [];
  const durations = new Map<string, number[]>();
  for (const r of runs) {
    const d = jobs.get(r.job_asset) ?? distance.get(r.job_asset) ?? 0;
    const ended = r.ended_at!;
    const took = r.started_at ? ended.getTime() - r.started_at.getTime() : null;
    const history = durations.get(r.job_asset) ?? [];
    if (ended >= from && (r.state === 'failed' || r.state === 'aborted'))
      candidates.push({
        kind: 'pipeline_failed',
        asset: r.job_asset,
        at: ended,
        distance: d,
        detail: `run ${r.run_id} ${r.state}${r.error_message ? `: ${r.error_message.slice(0, 200)}` : ''}`,
        ref: { runId: r.run_id },
      });
    else if (ended >= from && took !== null && history.length >= 3 && took > SLOW_FACTOR * median(history)) {
      const ratio = took / median(history);
      candidates.push({
        kind: 'pipeline_slow',
        asset: r.job_asset,
        at: ended,
        distance: d,
        detail: `run ${r.run_id} took ${Math.round(took / 1000)} s, ${ratio.toFixed(1)}× its usual ${Math.round(median(history) / 1000)} s`,
        magnitude: Math.min(1, (ratio - 1) / 4),
        ref: { runId: r.run_id },
      });
    }
    if (r.state === 'completed' && took !== null) durations.set(r.job_asset, [...history, took].slice(-20));
  }
  const versions = jobNames.length
    ? await db
        .selectFrom('code_versions')
        .selectAll()
        .where('asset', 'in', jobNames)
        .where('seen_at', '<=', to)
        .orderBy('asset')
        .orderBy('seen_at')
        .execute()
    : [];
  for (let i = 1; i < versions.length; i++) {
    const prev = versions[i - 1]!;
    const v = versions[i]!;
    // A first sighting is not a change: only a new version after an earlier one is.
    if (prev.asset !== v.asset || v.seen_at < from) continue;
    candidates.push({
      kind: 'code_changed',
      asset: v.asset,
      at: v.seen_at,
      distance: jobs.get(v.asset) ?? distance.get(v.asset) ?? 0,
      detail: `${v.kind.replace('_', ' ')} ${prev.version.slice(0, 12)} → ${v.version.slice(0, 12)}${v.note ? ` (${v.note})` : ''}`,
      ref: { version: v.version },
    });
  }
  const ranked = rankChanges(candidates, { start }).slice(0, input.limit ?? 50);
  return {
    incidentId: incident.id,
    start: start.toISOString(),
    from: from.toISOString(),
    to: to.toISOString(),
    assetsConsidered: names.length,
    lineageKnown: incident.affected_assets.some((a) => graph.has(a)),
    items: ranked.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}
