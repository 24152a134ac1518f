import type { ServiceContext } from '../services/context.js';
import {
  type EvaluatedRun,
  evaluateMonitor,
  type RunMonitorDeps,
  recordRuns,
} from '../services/run-monitor.js';
import { leaseDueMonitors } from '../store/repositories/monitors.js';
import type { MonitorRow, SourceRow } from '../store/schema.js';
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
  // For sources that set no queryTimeoutMs of their own; a monitor's timeoutMs may ask for less.
  timeoutMs: 60_000,
};

/** The statement timeout a source's config sets (queryTimeoutMs), if it sets one. */
function sourceTimeoutMs(source: SourceRow | undefined): number | undefined {
  const ms = source?.config.queryTimeoutMs;
  return typeof ms === 'number' && ms > 0 ? ms : undefined;
}

/** Evaluates a leased batch, each source at most `perSourceConcurrency` at a time, then writes it at once. */
async function runBatch(ctx: ServiceContext, rows: MonitorRow[], opts: SchedulerOptions): Promise<void> {
  const sourceIds = [...new Set(rows.map((r) => r.source_id))];
  const sources = new Map(
    (
      await ctx.store.db
        .selectFrom('sources')
        .selectAll()
        .where('id', 'in', sourceIds)
        .where('deleted_at', 'is', null)
        .execute()
    ).map((s) => [s.id, s]),
  );
  const bySource = new Map<string, MonitorRow[]>();
  for (const r of rows) bySource.set(r.source_id, [...(bySource.get(r.source_id) ?? []), r]);
  const evaluated: EvaluatedRun[] = [];
  await Promise.all(
    [...bySource.entries()].map(async ([sourceId, queue]) => {
      const source = sources.get(sourceId);
      const deps = { ...opts, timeoutMs: sourceTimeoutMs(source) ?? opts.timeoutMs };
      const lanes = Array.from({ length: Math.min(opts.perSourceConcurrency, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          evaluated.push(await evaluateMonitor(ctx, next, source, deps));
        }
      });
      await Promise.all(lanes);
    }),
  );
  await recordRuns(ctx, evaluated, opts);
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
    await runBatch(ctx, leased, opts);
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
