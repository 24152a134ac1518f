import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../domain/roles.js';
import { alertOpensIncident } from '../../domain/incident.js';
import { insertAudit } from '../../store/repositories/audit-log.js';
import type { AlertRow } from '../../store/schema.js';
import type { Tx } from '../context.js';
import { alertDeclaration, openIncident } from './declare-incident.js';
import { linkAlert, openIncidentsForAsset } from './incident-records.js';

const POLICY_ACTOR = 'policy:page-alerts';

/**
 * The declaring policy, run in the alert's own transaction when an alert fires: a page opens an
 * incident, or joins the open incident that lists the same asset, so two pages on one table are
 * one incident. Tickets and logs, and alerts already in an open incident, change nothing.
 */
export async function incidentPolicyForAlert(
  trx: Tx,
  alert: AlertRow,
  change: 'fired' | 'refired' | 'resolved' | 'seen' | 'none',
): Promise<{ incidentId: string; created: boolean } | null> {
  if (change !== 'fired' && change !== 'refired') return null;
  if (!alertOpensIncident(alert.severity)) return null;
  const asset = alert.labels.asset ?? '';
  // Two pages on one asset in two transactions at once must still meet in one incident.
  await sql`select pg_advisory_xact_lock(hashtext(${`vigil.incident-policy:${asset}`}))`.execute(trx);
  const linked = await trx
    .selectFrom('incident_alerts')
    .innerJoin('incidents', 'incidents.id', 'incident_alerts.incident_id')
    .select('incidents.id')
    .where('incident_alerts.alert_id', '=', alert.id)
    .where('incidents.status', 'in', ['triage', 'investigating', 'identified', 'monitoring'])
    .executeTakeFirst();
  if (linked) return { incidentId: linked.id, created: false };
  const at = alert.last_seen_at;
  const [joined] = asset ? await openIncidentsForAsset(trx, asset) : [];
  const incident =
    joined ??
    (await openIncident(trx, alertDeclaration(alert), { actor: POLICY_ACTOR, via: 'policy', now: at }));
  await linkAlert(trx, incident, alert, at, POLICY_ACTOR);
  await insertAudit(trx, {
    at,
    actor: { ...SYSTEM_ACTOR, name: POLICY_ACTOR },
    action: joined ? 'incident.link_alert' : 'incident.declare',
    targetType: 'incident',
    targetId: incident.id,
    summary: joined
      ? `page alert "${alert.title}" joined "${incident.title}" on ${asset}`
      : `page alert "${alert.title}" opened "${incident.title}"`,
  });
  return { incidentId: incident.id, created: !joined };
}
