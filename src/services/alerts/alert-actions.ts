import { AppError, notFound } from '../../domain/errors.js';
import type { AlertRow } from '../../store/schema.js';
import { mutate, type ServiceContext } from '../context.js';
import { loadRouting } from './routing-config.js';
import { tellPagers } from './tell-pagers.js';
import { upsertAlert } from './upsert-alert.js';

async function findAlert(ctx: ServiceContext, id: string): Promise<AlertRow> {
  const row = await ctx.store.db
    .selectFrom('alerts')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', id), eb('fingerprint', '=', id)]))
    .executeTakeFirst();
  if (!row) throw notFound('alert', id);
  return row;
}

/** "4m 10s", "2h 5m": how long an alert waited for someone. */
export function formatSeconds(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${m}m`;
  return m > 0 ? `${m}m ${s}s` : `${s}s`;
}

/** Acknowledging stops a page from repeating and records who took it and when. */
export async function acknowledgeAlert({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  const alert = await findAlert(ctx, input.id);
  if (alert.status !== 'firing')
    throw new AppError(
      'CONFLICT',
      `alert ${alert.id} is ${alert.status}; only a firing alert can be acknowledged`,
    );
  return mutate(ctx, async (trx) => {
    const at = ctx.clock.now();
    // Time to acknowledge counts from the start of this firing episode (MTTA reads it).
    const ackSeconds = Math.max(0, Math.round((at.getTime() - alert.started_at.getTime()) / 1000));
    if (!alert.acknowledged_at) {
      await trx
        .updateTable('alerts')
        .set({ acknowledged_at: at, acknowledged_by: ctx.actor.name, ack_seconds: ackSeconds })
        .where('id', '=', alert.id)
        .execute();
      await trx
        .insertInto('alert_events')
        .values({
          alert_id: alert.id,
          at,
          kind: 'acknowledged',
          message: `acknowledged by ${ctx.actor.name} after ${formatSeconds(ackSeconds)}`,
          actor: ctx.actor.name,
        })
        .execute();
      // PagerDuty keeps escalating until it hears the page was taken.
      await tellPagers(trx, {
        action: 'acknowledge',
        alertIds: [alert.id],
        reason: `${alert.title}: acknowledged in Vigil by ${ctx.actor.name}`,
        now: at,
      });
    }
    return {
      result: {
        id: alert.id,
        acknowledgedAt: (alert.acknowledged_at ?? at).toISOString(),
        acknowledgedBy: alert.acknowledged_by ?? ctx.actor.name,
        timeToAcknowledgeSeconds: alert.acknowledged_at ? (alert.ack_seconds ?? null) : ackSeconds,
      },
      audit: {
        action: 'alert.acknowledge',
        targetType: 'alert',
        targetId: alert.id,
        summary: `acknowledged "${alert.title}"`,
      },
    };
  });
}

/** A person resolves an alert by hand (a check that passes again resolves it by itself). */
export async function resolveAlert({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  const alert = await findAlert(ctx, input.id);
  return mutate(ctx, async (trx) => {
    const routing = await loadRouting(trx);
    const at = ctx.clock.now();
    await upsertAlert(
      trx,
      routing,
      {
        fingerprint: alert.fingerprint,
        origin: alert.origin as 'monitor',
        status: 'resolved',
        severity: alert.severity as 'page',
        title: alert.title,
        summary: `resolved by ${ctx.actor.name}`,
        labels: {},
        annotations: {},
        at,
      },
      ctx.actor.name,
    );
    return {
      result: { id: alert.id, status: 'resolved' },
      audit: {
        action: 'alert.resolve',
        targetType: 'alert',
        targetId: alert.id,
        summary: `resolved "${alert.title}" by hand`,
      },
    };
  });
}
