import { AppError } from '../domain/errors.js';
import {
  findTrashed,
  liveNameTaken,
  markDeleted,
  markRestored,
  purgeTrashedBefore,
  type TrashKind,
} from '../store/trash.js';
import { mutate, type ServiceContext, type Tx } from './context.js';

/** Moves a row to the trash inside the caller's transaction; the caller writes the audit row. */
export async function moveToTrash(trx: Tx, ctx: ServiceContext, kind: TrashKind, id: string): Promise<void> {
  await markDeleted(trx, kind, id, ctx.clock.now(), ctx.actor.name);
}

export async function restoreFromTrash({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { kind: TrashKind; id: string };
}) {
  return mutate(ctx, async (trx) => {
    const row = await findTrashed(trx, input.kind, input.id);
    if (!row) throw new AppError('NOT_FOUND', `no ${input.kind} ${input.id} in the trash`);
    if (await liveNameTaken(trx, input.kind, row.name)) {
      throw new AppError(
        'CONFLICT',
        `a ${input.kind} named "${row.name}" exists already; rename it before restoring this one`,
      );
    }
    await markRestored(trx, input.kind, input.id);
    return {
      result: { kind: input.kind, id: row.id, name: row.name },
      audit: {
        action: `${input.kind}.restore`,
        targetType: input.kind,
        targetId: row.id,
        summary: `restored ${input.kind} "${row.name}" from the trash`,
      },
    };
  });
}

/** Removes for good what has been in the trash longer than the retention period. */
export async function purgeTrash({ ctx, input }: { ctx: ServiceContext; input: { retentionDays: number } }) {
  const cutoff = new Date(ctx.clock.now().getTime() - input.retentionDays * 86_400_000);
  return mutate(ctx, async (trx) => {
    const removed = await purgeTrashedBefore(trx, cutoff);
    return {
      result: removed,
      audit: removed.map((r) => ({
        action: `${r.kind}.purge`,
        targetType: r.kind,
        targetId: r.id,
        summary: `purged ${r.kind} "${r.name}" after ${input.retentionDays} days in the trash`,
      })),
    };
  });
}
