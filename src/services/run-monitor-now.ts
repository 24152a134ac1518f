import { AppError, notFound } from '../domain/errors.js';
import { findLiveMonitor } from '../store/repositories/monitors.js';
import type { ServiceContext } from './context.js';
import type { CheckResultView } from './monitor-views.js';
import { type RunMonitorDeps, runMonitor } from './run-monitor.js';

/**
 * "Run now" from the API, the UI or `vigil check`: takes the monitor's lease first, so a run by
 * hand and the scheduler never run the same monitor at once.
 */
export async function runMonitorNow({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; deps: RunMonitorDeps };
}): Promise<CheckResultView> {
  const row = await findLiveMonitor(ctx.store.db, input.id);
  if (!row) throw notFound('monitor', input.id);
  const now = ctx.clock.now();
  const leased = await ctx.store.db
    .updateTable('monitors')
    .set({ lease_owner: input.deps.workerId, lease_expires_at: new Date(now.getTime() + 5 * 60_000) })
    .where('id', '=', row.id)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .returningAll()
    .executeTakeFirst();
  if (!leased)
    throw new AppError('CONFLICT', `monitor "${row.name}" is running right now; try again when it finishes`);
  return runMonitor({ ctx, input: { monitor: leased, deps: input.deps } });
}
