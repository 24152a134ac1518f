import { sql } from 'kysely';
import { AppError } from '../../domain/errors.js';
import { type IncidentSeverity, messageSeverityFor } from '../../domain/incident.js';
import { matchRoutes } from '../../domain/routing/index.js';
import type { NotificationMessage } from '../../notify/message.js';
import type { Executor } from '../../store/executor.js';
import type { IncidentRow } from '../../store/schema-incidents.js';
import { loadRouting } from '../alerts/routing-config.js';
import { enqueueOutbox } from '../alerts/enqueue-outbox.js';

/**
 * Incident messages through the outbox: stakeholder updates, announcements, reports, role
 * hand-overs, reminders and blast-radius notices all take this one path, in the caller's
 * transaction, so a message is queued exactly when its timeline event commits.
 */

export async function liveChannels(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('channels')
    .select('name')
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute();
  return rows.map((c) => c.name);
}

/** Refuses channel names that are not live channels, naming them (VALIDATION_FAILED on `channels`). */
export function assertLiveChannels(live: readonly string[], named: readonly string[]): void {
  const unknown = named.filter((c) => !live.includes(c));
  if (unknown.length)
    throw new AppError('VALIDATION_FAILED', `no channel named ${unknown.join(', ')}`, [
      { path: 'channels', message: `unknown: ${unknown.join(', ')}` },
    ]);
}

/**
 * The incident's channels: those its last stakeholder update went to, or every live channel
 * before the first update (a new incident is announced everywhere rather than nowhere).
 */
export async function incidentChannels(db: Executor, incidentId: string): Promise<string[]> {
  const live = await liveChannels(db);
  const last = await db
    .selectFrom('incident_events')
    .select('data')
    .where('incident_id', '=', incidentId)
    .where('kind', 'in', ['update', 'announcement'])
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const named = (last?.data?.channels as string[] | undefined) ?? [];
  const kept = named.filter((c) => live.includes(c));
  return kept.length ? kept : live;
}

/**
 * Channels that reach the owners named: the routing tree matched as for an alert labelled with
 * the owner (and the asset), so "owner=finance -> #finance-data" routes incidents the same way.
 */
export async function channelsForOwners(
  db: Executor,
  owners: Array<{ owner: string; asset?: string }>,
): Promise<Map<string, string[]>> {
  const routing = await loadRouting(db);
  const out = new Map<string, string[]>();
  if (!routing.tree) return out;
  for (const o of owners) {
    const labels = { owner: o.owner, ...(o.asset ? { asset: o.asset } : {}), kind: 'incident' };
    const names = new Set<string>();
    for (const route of matchRoutes(routing.tree, labels)) for (const r of route.receivers) names.add(r);
    out.set(o.owner, [...new Set([...(out.get(o.owner) ?? []), ...names])].sort());
  }
  return out;
}

export interface IncidentMessageInput {
  incident: IncidentRow;
  channels: readonly string[];
  /** Unique per event: the idempotency key is `<channel>:incident-<purpose>:<incident>:<key>`. */
  purpose: string;
  key: string | number;
  text: string;
  title?: string;
  now: Date;
  runbook?: string | undefined;
  /**
   * How loud: the incident's own (page for SEV1/SEV2) unless set. Housekeeping (role changes,
   * reminders) is never a page, and is not sent to pagers at all: a pager carries pages.
   */
  severity?: 'ticket' | 'log' | undefined;
}

/** Channel kinds that only wake people: nothing below a page goes there. */
const PAGER_KINDS = ['pagerduty'];

export async function enqueueIncidentMessage(db: Executor, m: IncidentMessageInput): Promise<void> {
  const incident = m.incident;
  const pagers = m.severity
    ? new Set(
        (
          await db
            .selectFrom('channels')
            .select('name')
            .where('kind', 'in', PAGER_KINDS)
            .where('deleted_at', 'is', null)
            .execute()
        ).map((c) => c.name),
      )
    : new Set<string>();
  for (const channel of m.channels.filter((c) => !pagers.has(c))) {
    const idempotencyKey = `${channel}:incident-${m.purpose}:${incident.id}:${m.key}`;
    const message: NotificationMessage = {
      kind: 'incident.update',
      title: m.title ?? `[${incident.severity}] ${incident.title}`,
      severity: m.severity ?? messageSeverityFor(incident.severity as IncidentSeverity),
      status: incident.status,
      ...(incident.affected_assets[0] ? { asset: incident.affected_assets.join(', ').slice(0, 500) } : {}),
      text: m.text.slice(0, 10_000),
      alerts: [],
      // The incident link is added on delivery, from the dispatcher's server.publicUrl.
      links: m.runbook && /^https?:\/\//.test(m.runbook) ? { runbook: m.runbook } : {},
      incident: { id: incident.id, title: incident.title, status: incident.status },
      idempotencyKey,
      dedupKey: `incident:${incident.id}`,
      occurredAt: m.now.toISOString(),
    };
    await enqueueOutbox(db, { channel, message, now: m.now });
  }
}

/** The runbooks of an incident's assets and of the monitors behind its alerts, link or Markdown. */
export async function incidentRunbooks(
  db: Executor,
  incident: IncidentRow,
): Promise<Array<{ source: string; runbook: string }>> {
  const out: Array<{ source: string; runbook: string }> = [];
  const monitors = await db
    .selectFrom('incident_alerts')
    .innerJoin('alerts', 'alerts.id', 'incident_alerts.alert_id')
    .innerJoin('monitors', 'monitors.id', 'alerts.monitor_id')
    .select(['monitors.name', 'monitors.runbook'])
    .where('incident_alerts.incident_id', '=', incident.id)
    .where(sql<boolean>`monitors.runbook is not null and monitors.runbook <> ''`)
    .execute();
  for (const m of monitors) if (m.runbook) out.push({ source: `monitor ${m.name}`, runbook: m.runbook });
  if (incident.affected_assets.length) {
    const assets = await db
      .selectFrom('asset_runbooks')
      .selectAll()
      .where('asset', 'in', incident.affected_assets)
      .orderBy('asset')
      .execute();
    for (const a of assets) out.push({ source: `asset ${a.asset}`, runbook: a.content });
  }
  const seen = new Set<string>();
  return out.filter((r) => !seen.has(r.runbook) && seen.add(r.runbook));
}

/** A line for messages: the first runbook, as a link or its first Markdown line. */
export function runbookLine(runbooks: Array<{ source: string; runbook: string }>): string {
  const first = runbooks[0];
  if (!first) return '';
  const text = first.runbook.trim();
  return `\nRunbook (${first.source}): ${/^https?:\/\//.test(text) ? text : (text.split('\n')[0] ?? '')}`;
}
