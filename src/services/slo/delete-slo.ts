import { wakeInhibitedGroups } from '../alerts/upsert-alert.js';
import { mutate, type ServiceContext } from '../context.js';
import { findSlo } from './slo-records.js';

/** Deletes an SLO and its events; the audit row keeps its last spec, so it can be recreated. */
export async function deleteSlo({ ctx, input }: { ctx: ServiceContext; input: { name: string } }) {
  return mutate(ctx, async (trx) => {
    const before = await findSlo(trx, input.name, true);
    await trx.deleteFrom('slos').where('id', '=', before.id).execute();
    // The burn alert has nothing left to say about a deleted SLO.
    const now = ctx.clock.now();
    await trx
      .updateTable('alerts')
      .set({ status: 'resolved', resolved_at: now })
      .where('fingerprint', 'like', `slo:${before.id}:%`)
      .where('status', '=', 'firing')
      .execute();
    // A resolved SLO alert may have been inhibiting others: their groups must look again.
    await wakeInhibitedGroups(trx, now);
    return {
      result: { name: before.name, deleted: true },
      audit: {
        action: 'slo.delete',
        targetType: 'slo',
        targetId: before.id,
        summary: `deleted SLO ${before.name}`,
        before: before.spec,
      },
    };
  });
}
