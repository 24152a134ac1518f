import { sql } from 'kysely';
import type { NotificationMessage } from '../../notify/index.js';
import type { Executor } from '../../store/executor.js';

const isLink = (s: string | undefined): s is string => !!s && /^https?:\/\/\S+$/.test(s.trim());

/** The incident's page under `server.publicUrl`. */
export function incidentUrl(publicUrl: string, incidentId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/incidents/${encodeURIComponent(incidentId)}`;
}

/**
 * What a message learns on its way out, from facts that may have changed since it was queued:
 * the incident its alerts are in now (and the link to it under `server.publicUrl`), and the
 * runbook of its asset when the alert carried none. Read-only; the stored row is not changed.
 */
export async function completeMessage(
  db: Executor,
  message: NotificationMessage,
  publicUrl: string | undefined,
): Promise<NotificationMessage> {
  const out: NotificationMessage = { ...message, links: { ...message.links } };
  if (!out.incident && out.alerts.length > 0) {
    const incident = await db
      .selectFrom('incident_alerts')
      .innerJoin('alerts', 'alerts.id', 'incident_alerts.alert_id')
      .innerJoin('incidents', 'incidents.id', 'incident_alerts.incident_id')
      .select(['incidents.id', 'incidents.title', 'incidents.status'])
      .where(
        'alerts.fingerprint',
        'in',
        out.alerts.map((a) => a.fingerprint),
      )
      .whereRef('incident_alerts.linked_at', '>=', sql.ref('alerts.started_at'))
      .orderBy('incidents.created_at', 'desc')
      .executeTakeFirst();
    if (incident) out.incident = { id: incident.id, title: incident.title, status: incident.status };
  }
  if (publicUrl && out.incident && !out.links.incident)
    out.links.incident = incidentUrl(publicUrl, out.incident.id);
  if (!out.links.runbook && out.asset) {
    const runbook = await db
      .selectFrom('asset_runbooks')
      .select('content')
      .where('asset', '=', out.asset)
      .executeTakeFirst();
    if (isLink(runbook?.content)) out.links.runbook = runbook.content.trim();
  }
  return out;
}
