import type { ServiceContext } from '../services/context.js';

/**
 * A periodic job of the worker. Jobs are values in a list, so adding one (the scheduler, the
 * outbox dispatcher, the purge) never edits the loop.
 */
export interface Job {
  name: string;
  everyMs: number;
  run(ctx: ServiceContext): Promise<void>;
}

export interface Worker {
  stop(): Promise<void>;
  /** Runs every job once now, in order (tests, `vigil check`). */
  tick(): Promise<void>;
}

export function startWorker(ctx: ServiceContext, jobs: Job[], opts: { autostart?: boolean } = {}): Worker {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let stopped = false;

  const runJob = async (job: Job) => {
    if (stopped) return;
    const p = job
      .run(ctx)
      .catch((error: unknown) => ctx.log.error({ err: error, job: job.name }, 'worker job failed'));
    running.add(p);
    await p;
    running.delete(p);
  };

  if (opts.autostart !== false) {
    for (const job of jobs) {
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return; // a slow run is never overlapped by the next one
        busy = true;
        void runJob(job).finally(() => {
          busy = false;
        });
      }, job.everyMs);
      timer.unref();
      timers.push(timer);
    }
  }

  return {
    async tick() {
      for (const job of jobs) await runJob(job);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
