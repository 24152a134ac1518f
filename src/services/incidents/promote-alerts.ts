import { sql } from 'kysely';
import { PROMOTE_AFTER_MS } from '../../domain/incident-response.js';
import { formatGap } from '../../domain/what-changed.js';
import type { ServiceContext } from '../context.js';
import { declareByPolicy } from './incident-policy.js';
import { loadIncidentPolicy } from './incident-policy-settings.js';
import { silencedNow } from '../alerts/silenced-now.js';

const PROMOTE_ACTOR = 'policy:promote';

/**
 * "Declare early": an alert (page or ticket) still firing an hour after it started, and not put
 * in any incident since it started, becomes an incident, or joins a correlated one. Each alert
 * is promoted in its own transaction with its audit row; a resolved incident that held the alert
 * is a decision people made, so the alert is not promoted again in that episode. SLO alerts are
 * left out: a slow burn is a ticket for the budget's owner by design (the slow rules' short
 * windows are two and six hours, so it would always be promoted), and a fast burn pages and
 * declares at once.
 */
export async function promoteFiringAlerts({
  ctx,
  input = {},
}: {
  ctx: ServiceContext;
  input?: { afterMs?: number; limit?: number };
}): Promise<Array<{ alertId: string; incidentId: string; created: boolean }>> {
  const now = ctx.clock.now();
  const configured = (await loadIncidentPolicy(ctx.store.db)).promoteAfterMinutes;
  if (input.afterMs === undefined && configured === null) return [];
  const afterMs = input.afterMs ?? (configured === null ? PROMOTE_AFTER_MS : configured * 60_000);
  const due = await ctx.store.db
    .selectFrom('alerts')
    .select('id')
    .where('status', '=', 'firing')
    .where('severity', 'in', ['page', 'ticket'])
    .where('origin', '!=', 'slo')
    .where('started_at', '<=', new Date(now.getTime() - afterMs))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('incident_alerts')
            .select(sql`1`.as('one'))
            .whereRef('incident_alerts.alert_id', '=', 'alerts.id')
            .whereRef('incident_alerts.linked_at', '>=', 'alerts.started_at'),
        ),
      ),
    )
    .orderBy('started_at')
    .limit(input.limit ?? 100)
    .execute();
  const out: Array<{ alertId: string; incidentId: string; created: boolean }> = [];
  for (const { id } of due) {
    const result = await ctx.store.db.transaction().execute(async (trx) => {
      const alert = await trx
        .selectFrom('alerts')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      // Resolved or linked since the scan: nothing to promote.
      if (alert?.status !== 'firing') return null;
      // Silenced or in a maintenance window: expected, so not promoted while that lasts.
      if ((await silencedNow(trx, now))(alert.labels)) return null;
      const firing = formatGap(now.getTime() - alert.started_at.getTime());
      return declareByPolicy(trx, alert, {
        actor: PROMOTE_ACTOR,
        now,
        why: `alert "${alert.title}" (${alert.severity}) still firing after ${firing}: promoted to an incident`,
      });
    });
    if (result) out.push({ alertId: id, ...result });
  }
  return out;
}
