import type { ServiceContext } from '../services/context.js';
import { type RunMonitorDeps, runMonitor } from '../services/run-monitor.js';
import { leaseDueMonitors } from '../store/repositories/monitors.js';
import type { MonitorRow } from '../store/schema.js';
import type { Job } from './worker.js';

export interface SchedulerOptions extends RunMonitorDeps {
  /** Monitors leased per round trip. */
  batch: number;
  /** How long a lease holds before another worker may take the monitor over. */
  leaseMs: number;
  /** Monitors of one source run at the same time at most: a warehouse is shared with people. */
  perSourceConcurrency: number;
}

export const DEFAULT_SCHEDULER: Omit<SchedulerOptions, 'sources' | 'workerId'> = {
  batch: 50,
  leaseMs: 5 * 60_000,
  perSourceConcurrency: 4,
  timeoutMs: 60_000,
};

async function runBySource(ctx: ServiceContext, rows: MonitorRow[], opts: SchedulerOptions): Promise<void> {
  const bySource = new Map<string, MonitorRow[]>();
  for (const r of rows) bySource.set(r.source_id, [...(bySource.get(r.source_id) ?? []), r]);
  await Promise.all(
    [...bySource.values()].map(async (queue) => {
      const lanes = Array.from({ length: Math.min(opts.perSourceConcurrency, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          await runMonitor({ ctx, input: { monitor: next, deps: opts } });
        }
      });
      await Promise.all(lanes);
    }),
  );
}

/**
 * One scheduler cycle: lease what is due, run it, repeat until nothing is due. Returns how many
 * monitors ran. Leases are taken with FOR UPDATE SKIP LOCKED, so workers sharing a store split
 * the due monitors between them and none runs twice.
 */
export async function runDueMonitors(ctx: ServiceContext, opts: SchedulerOptions): Promise<number> {
  let ran = 0;
  for (;;) {
    const now = ctx.clock.now();
    const leased = await ctx.store.db
      .transaction()
      .execute((trx) =>
        leaseDueMonitors(trx, { workerId: opts.workerId, now, leaseMs: opts.leaseMs, limit: opts.batch }),
      );
    if (leased.length === 0) return ran;
    await runBySource(ctx, leased, opts);
    ran += leased.length;
  }
}

export function schedulerJob(opts: SchedulerOptions, everyMs = 5_000): Job {
  return {
    name: 'scheduler',
    everyMs,
    async run(ctx) {
      const ran = await runDueMonitors(ctx, opts);
      if (ran > 0) ctx.log.debug({ ran }, 'scheduler cycle');
    },
  };
}
