import { sql } from 'kysely';
import { alertOpensIncident, INCIDENT_SEVERITIES, type IncidentSeverity } from '../../domain/incident.js';
import { SYSTEM_ACTOR } from '../../domain/roles.js';
import { json } from '../../store/executor.js';
import { insertAudit } from '../../store/repositories/audit-log.js';
import type { AlertRow } from '../../store/schema.js';
import type { Tx } from '../context.js';
import { silencedNow } from '../alerts/silenced-now.js';
import { correlatedIncident, groupedIncident } from './correlate-alert.js';
import { alertDeclaration, openIncident } from './declare-incident.js';
import { loadIncidentPolicy } from './incident-policy-settings.js';
import { nameAfterRootCause } from './root-cause.js';
import {
  addEvent,
  alertDetectedAt,
  findIncident,
  linkAlert,
  openIncidentsForAsset,
} from './incident-records.js';

const POLICY_ACTOR = 'policy:page-alerts';

/** An `incident_severity` label on the alert (SEV1–SEV4) sets the severity policy declares with. */
function labelledSeverity(alert: AlertRow): IncidentSeverity | undefined {
  const s = alert.labels.incident_severity?.toUpperCase();
  return (INCIDENT_SEVERITIES as readonly string[]).includes(s ?? '') ? (s as IncidentSeverity) : undefined;
}

/**
 * The declaring policy, run in the alert's own transaction when an alert fires: a page opens an
 * incident, or joins the open incident that lists the same asset, or one whose alerts sit on
 * assets linked to it by lineage and started within the correlation window. Tickets and logs,
 * and alerts already in an open incident, change nothing.
 */
export async function incidentPolicyForAlert(
  trx: Tx,
  alert: AlertRow,
  change: 'fired' | 'refired' | 'resolved' | 'seen' | 'none',
): Promise<{ incidentId: string; created: boolean } | null> {
  if (change !== 'fired' && change !== 'refired') return null;
  if (!alertOpensIncident(alert.severity)) return null;
  // A silenced alert or one in a maintenance window is expected: nobody is to be called for it.
  if ((await silencedNow(trx, alert.last_seen_at))(alert.labels)) return null;
  return declareByPolicy(trx, alert, { actor: POLICY_ACTOR, now: alert.last_seen_at });
}

/**
 * Puts an alert in an incident by policy: the one it is in, one on the same asset, a correlated
 * one, or a new one. Shared by the page policy and the promotion of long-firing alerts.
 */
export async function declareByPolicy(
  trx: Tx,
  alert: AlertRow,
  by: { actor: string; now: Date; why?: string },
): Promise<{ incidentId: string; created: boolean }> {
  // One lock for every policy decision: correlation joins alerts on different assets, so two
  // alerts on linked tables firing at once must still meet in one incident.
  await sql`select pg_advisory_xact_lock(hashtext(${'vigil.incident-policy'}))`.execute(trx);
  const linked = await trx
    .selectFrom('incident_alerts')
    .innerJoin('incidents', 'incidents.id', 'incident_alerts.incident_id')
    .select('incidents.id')
    .where('incident_alerts.alert_id', '=', alert.id)
    .where('incidents.status', 'in', ['triage', 'investigating', 'identified', 'monitoring'])
    .executeTakeFirst();
  if (linked) return { incidentId: linked.id, created: false };
  const at = by.now;
  const asset = alert.labels.asset ?? '';
  const [sameAsset] = asset ? await openIncidentsForAsset(trx, asset) : [];
  const policy = sameAsset ? null : await loadIncidentPolicy(trx);
  const windowMs = (policy?.correlationWindowMinutes ?? 0) * 60_000;
  // The producer's own grouping first (it saw the alerts as one), then lineage.
  const grouped = policy ? await groupedIncident(trx, alert, windowMs) : null;
  const correlated: { incidentId: string; reason: string } | null =
    grouped ?? (policy ? await correlatedIncident(trx, alert, windowMs, policy.correlationMaxHops) : null);
  const joined = sameAsset ?? (correlated ? await findIncident(trx, correlated.incidentId) : undefined);
  const severity = labelledSeverity(alert);
  const incident =
    joined ??
    (await openIncident(
      trx,
      {
        ...alertDeclaration(alert, await alertDetectedAt(trx, alert), severity),
        ...(by.why ? { summary: `${alert.summary}\n${by.why}` } : {}),
      },
      { actor: by.actor, via: 'policy', now: at },
    ));
  await linkAlert(trx, incident, alert, at, by.actor);
  if (correlated && joined) {
    if (asset && !joined.affected_assets.includes(asset))
      await trx
        .updateTable('incidents')
        .set({ affected_assets: json([...joined.affected_assets, asset]), updated_at: at })
        .where('id', '=', joined.id)
        .execute();
    await addEvent(trx, {
      incidentId: joined.id,
      at,
      kind: 'correlated',
      actor: by.actor,
      message: `alert "${alert.title}" joined: ${correlated.reason}`,
      data: { alertId: alert.id, ...correlated },
    });
    if (!grouped) await nameAfterRootCause(trx, joined.id, { at, actor: by.actor });
  }
  if (!joined && by.why)
    await addEvent(trx, {
      incidentId: incident.id,
      at,
      kind: 'promoted',
      actor: by.actor,
      message: by.why,
      data: { alertId: alert.id },
    });
  await insertAudit(trx, {
    at,
    actor: { ...SYSTEM_ACTOR, name: by.actor },
    action: joined ? (correlated ? 'incident.correlate' : 'incident.link_alert') : 'incident.declare',
    targetType: 'incident',
    targetId: incident.id,
    summary: correlated
      ? `alert "${alert.title}" joined "${incident.title}": ${correlated.reason}`
      : joined
        ? `alert "${alert.title}" joined "${incident.title}" on ${asset}`
        : `alert "${alert.title}" opened "${incident.title}"${by.why ? ` (${by.why})` : ''}`,
  });
  return { incidentId: incident.id, created: !joined };
}
