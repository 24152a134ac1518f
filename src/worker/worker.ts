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
  /**
   * Asks a job to run as soon as it is free instead of at its next interval: the scheduler kicks
   * the notification job when alerts change, so a page goes out in milliseconds, not a poll.
   */
  kick(name: string): void;
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

  const busy = new Set<string>();
  const again = new Set<string>();
  const trigger = (job: Job) => {
    if (busy.has(job.name)) {
      again.add(job.name); // a slow run is never overlapped; a kick during it runs it once more after
      return;
    }
    busy.add(job.name);
    void runJob(job).finally(() => {
      busy.delete(job.name);
      if (again.delete(job.name) && !stopped) trigger(job);
    });
  };

  if (opts.autostart !== false) {
    for (const job of jobs) {
      const timer = setInterval(() => trigger(job), job.everyMs);
      timer.unref();
      timers.push(timer);
    }
  }

  return {
    async tick() {
      for (const job of jobs) await runJob(job);
    },
    kick(name) {
      const job = jobs.find((j) => j.name === name);
      if (job && !stopped) trigger(job);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
