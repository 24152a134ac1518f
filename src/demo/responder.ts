import { AppError } from '../domain/errors.js';
import type { Actor } from '../domain/roles.js';
import type { ServiceContext } from '../services/context.js';
import { resolveIncident, updateIncident } from '../services/incidents/update-incident.js';
import { MINUTE } from './timeline.js';

/**
 * The demo's on-call engineer, so every incident shows its whole life: she acknowledges a new
 * incident after a few minutes, moves it to monitoring once its checks are green again, and
 * resolves it a little later. Resolving goes through the same rule as for people: not while a
 * check is still red.
 */
export const ON_CALL: Actor = { kind: 'user', id: 'demo-oncall', name: 'Dana (on-call)', role: 'responder' };

const ACK_AFTER = 5 * MINUTE;
const WATCH_FOR = 10 * MINUTE;

export async function respondToIncidents(ctx: ServiceContext): Promise<void> {
  const rctx: ServiceContext = { ...ctx, actor: ON_CALL };
  const now = ctx.clock.now().getTime();
  const open = await ctx.store.db
    .selectFrom('incidents')
    .select(['id', 'status', 'created_at', 'updated_at'])
    .where('status', 'in', ['triage', 'investigating', 'identified', 'monitoring'])
    .execute();
  for (const incident of open) {
    const firing = await ctx.store.db
      .selectFrom('incident_alerts')
      .innerJoin('alerts', 'alerts.id', 'incident_alerts.alert_id')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('incident_alerts.incident_id', '=', incident.id)
      .where('alerts.status', '=', 'firing')
      .executeTakeFirst();
    const red = Number(firing?.n ?? 0) > 0;
    if (incident.status === 'triage') {
      if (now - incident.created_at.getTime() >= ACK_AFTER)
        await updateIncident({ ctx: rctx, input: { id: incident.id, status: 'investigating' } });
    } else if (red && incident.status === 'monitoring') {
      await updateIncident({ ctx: rctx, input: { id: incident.id, status: 'investigating' } });
    } else if (!red && incident.status !== 'monitoring') {
      await updateIncident({ ctx: rctx, input: { id: incident.id, status: 'monitoring' } });
    } else if (!red && now - incident.updated_at.getTime() >= WATCH_FOR) {
      await resolveIncident({
        ctx: rctx,
        input: { id: incident.id, summary: 'The data is back to normal and every check passes again.' },
      }).catch((error: unknown) => {
        if (!(error instanceof AppError && error.code === 'CHECKS_NOT_GREEN')) throw error;
      });
    }
  }
}
