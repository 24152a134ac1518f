import type { ManualClock } from '../../src/domain/clock.js';
import type { Demo } from '../../src/demo/start-demo.js';

/** The next moment something is due: a load, a monitor run, a heartbeat deadline (at most 15 min on). */
async function nextWake(demo: Demo, clock: ManualClock): Promise<number> {
  const db = demo.vigil.store.db;
  const now = clock.now().getTime();
  const monitor = await db
    .selectFrom('monitors')
    .select(({ fn }) => fn.min('next_run_at').as('at'))
    .where('deleted_at', 'is', null)
    .where('enabled', '=', true)
    .executeTakeFirst();
  const heartbeat = await db
    .selectFrom('heartbeats')
    .select(({ fn }) => fn.min('deadline_at').as('at'))
    .where('deleted_at', 'is', null)
    .where('status', '!=', 'down')
    .executeTakeFirst();
  const candidates = [demo.pipeline.nextLoadAt(), now + 15 * 60_000];
  for (const at of [monitor?.at, heartbeat?.at]) if (at) candidates.push(new Date(at).getTime());
  return Math.max(now + 1_000, Math.min(...candidates));
}

/**
 * Plays a demo started with a ManualClock and no autostarted worker up to `until`: the clock jumps
 * from one due moment to the next and the worker runs once at each, so every check runs at exactly
 * its simulated time and hours pass in seconds.
 */
export async function playDemo(
  demo: Demo,
  clock: ManualClock,
  until: number,
  afterTick: () => Promise<void> = async () => {},
): Promise<void> {
  const worker = demo.vigil.worker;
  if (!worker) throw new Error('the demo was started without a worker');
  while (clock.now().getTime() < until) {
    clock.set(new Date(Math.min(until, await nextWake(demo, clock))));
    await worker.tick();
    await afterTick();
  }
}
