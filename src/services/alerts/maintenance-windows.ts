import { AppError, notFound } from '../../domain/errors.js';
import {
  checkSilence,
  maintenanceWindow,
  parseRouteDuration,
  type Silence,
} from '../../domain/routing/index.js';
import type { Executor } from '../../store/executor.js';
import { newId } from '../../store/ids.js';
import type { MaintenanceWindowRow } from '../../store/schema-alerting.js';
import { mutate, type ServiceContext } from '../context.js';

/**
 * Maintenance windows: while one is open on an asset or a source, its alerts are recorded but not
 * notified (a notified firing still gets its resolution). One-off — opened for a declared backfill
 * or migration, closed when it ends — or recurring by cron in a time zone.
 */
export interface MaintenanceInput {
  scope: 'asset' | 'source';
  target: string;
  reason: string;
  startsAt?: Date | undefined;
  /** One-off: how long (2h); the window closes by itself then, or earlier by `endMaintenance`. */
  for?: string | undefined;
  /** Or an explicit end; for a recurring window, the end of the series (default: ten years). */
  endsAt?: Date | undefined;
  recurrence?: { cron: string; duration: string; timeZone: string } | undefined;
}

const TEN_YEARS = 10 * 365 * 86_400_000;

export function toMaintenanceSilence(r: MaintenanceWindowRow): Silence {
  const end = r.ended_at && r.ended_at < r.ends_at ? r.ended_at : r.ends_at;
  return maintenanceWindow({
    id: r.id,
    scope: r.scope === 'source' ? { source: r.target } : { asset: r.target },
    startsAt: r.starts_at,
    endsAt: new Date(Math.max(end.getTime(), r.starts_at.getTime() + 1)),
    createdBy: r.created_by,
    comment: r.reason,
    recurrence:
      r.cron && r.duration && r.time_zone
        ? { cron: r.cron, duration: r.duration, timeZone: r.time_zone }
        : null,
  });
}

/** Windows that may be in force at `now` or later, as silences of kind maintenance. */
export async function loadMaintenanceSilences(db: Executor, now: Date): Promise<Silence[]> {
  const rows = await db
    .selectFrom('maintenance_windows')
    .selectAll()
    .where('ends_at', '>', now)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', now)]))
    .execute();
  return rows.map(toMaintenanceSilence);
}

export function toMaintenanceView(r: MaintenanceWindowRow, now: Date) {
  const s = toMaintenanceSilence(r);
  const closed = s.endsAt.getTime() <= now.getTime();
  return {
    id: r.id,
    scope: r.scope,
    target: r.target,
    reason: r.reason,
    startsAt: r.starts_at.toISOString(),
    endsAt: s.endsAt.toISOString(),
    recurrence: s.recurrence ?? null,
    createdBy: r.created_by,
    endedAt: r.ended_at?.toISOString() ?? null,
    state: (closed ? 'ended' : now < r.starts_at ? 'pending' : 'open') as 'ended' | 'pending' | 'open',
  };
}

/** Opens a maintenance window (by API, or by `vigil maintenance start` from the pipeline). */
export async function startMaintenance({ ctx, input }: { ctx: ServiceContext; input: MaintenanceInput }) {
  const now = ctx.clock.now();
  const startsAt = input.startsAt ?? now;
  const forMs = input.for === undefined ? undefined : parseRouteDuration(input.for);
  if (input.for !== undefined && (forMs === undefined || forMs <= 0)) {
    throw new AppError('VALIDATION_FAILED', 'invalid maintenance window: for', [
      { path: 'for', message: 'must be a duration like 2h or 30m' },
    ]);
  }
  const endsAt =
    input.endsAt ??
    (forMs !== undefined
      ? new Date(startsAt.getTime() + forMs)
      : input.recurrence
        ? new Date(startsAt.getTime() + TEN_YEARS)
        : undefined);
  if (!endsAt) {
    throw new AppError('VALIDATION_FAILED', 'invalid maintenance window: for', [
      { path: 'for', message: 'say how long (for: 2h), an end (endsAt), or a recurrence' },
    ]);
  }
  const id = newId('mnt', now.getTime());
  const row: MaintenanceWindowRow = {
    id,
    scope: input.scope,
    target: input.target,
    starts_at: startsAt,
    ends_at: endsAt,
    cron: input.recurrence?.cron ?? null,
    duration: input.recurrence?.duration ?? null,
    time_zone: input.recurrence?.timeZone ?? null,
    reason: input.reason,
    created_by: ctx.actor.name,
    created_at: now,
    ended_at: null,
  };
  const problems = checkSilence(toMaintenanceSilence(row));
  if (problems.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid maintenance window: ${problems.map((p) => p.path).join(', ')}`,
      problems,
    );
  }
  return mutate(ctx, async (trx) => {
    await trx.insertInto('maintenance_windows').values(row).execute();
    // Groups are planned again now, so the window holds back what is due (and lifts on time).
    await trx.updateTable('notification_groups').set({ next_check_at: now }).execute();
    return {
      result: toMaintenanceView(row, now),
      audit: {
        action: 'maintenance.start',
        targetType: 'maintenance',
        targetId: id,
        summary: `maintenance on ${input.scope} ${input.target} until ${endsAt.toISOString()}: ${input.reason}`,
      },
    };
  });
}

/**
 * Ends a window by id, or every open window on an asset/source (the backfill finished). Alerts
 * still firing then are notified as usual on the next planning turn.
 */
export async function endMaintenance({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id?: string | undefined; scope?: 'asset' | 'source'; target?: string | undefined };
}) {
  const now = ctx.clock.now();
  return mutate(ctx, async (trx) => {
    let q = trx
      .updateTable('maintenance_windows')
      .set({ ended_at: now })
      .where('ends_at', '>', now)
      .where('ended_at', 'is', null);
    if (input.id) q = q.where('id', '=', input.id);
    else if (input.scope && input.target)
      q = q.where('scope', '=', input.scope).where('target', '=', input.target);
    else throw new AppError('VALIDATION_FAILED', 'name a window id, or a scope and target');
    const ended = await q.returning('id').execute();
    if (ended.length === 0) throw notFound('open maintenance window', input.id ?? `${input.target}`);
    await trx.updateTable('notification_groups').set({ next_check_at: now }).execute();
    return {
      result: { ended: ended.map((e) => e.id) },
      audit: ended.map((e) => ({
        action: 'maintenance.end',
        targetType: 'maintenance',
        targetId: e.id,
        summary: `maintenance ended${input.target ? ` on ${input.target}` : ''}`,
      })),
    };
  });
}
