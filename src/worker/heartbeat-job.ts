import { checkHeartbeats } from '../services/heartbeats.js';
import type { Job } from './worker.js';

export function heartbeatJob(everyMs = 5_000): Job {
  return {
    name: 'heartbeats',
    everyMs,
    async run(ctx) {
      const late = await checkHeartbeats({ ctx });
      if (late > 0) ctx.log.info({ late }, 'heartbeats missed');
    },
  };
}
