import { AppError, notFound } from '../../domain/errors.js';
import type { AlertRow } from '../../store/schema.js';
import { mutate, type ServiceContext } from '../context.js';
import { loadRouting } from './routing-config.js';
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
    if (!alert.acknowledged_at) {
      await trx
        .updateTable('alerts')
        .set({ acknowledged_at: at, acknowledged_by: ctx.actor.name })
        .where('id', '=', alert.id)
        .execute();
      await trx
        .insertInto('alert_events')
        .values({
          alert_id: alert.id,
          at,
          kind: 'acknowledged',
          message: `acknowledged by ${ctx.actor.name}`,
          actor: ctx.actor.name,
        })
        .execute();
    }
    return {
      result: {
        id: alert.id,
        acknowledgedAt: (alert.acknowledged_at ?? at).toISOString(),
        acknowledgedBy: alert.acknowledged_by ?? ctx.actor.name,
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
