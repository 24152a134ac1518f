import { sendDailyDigest } from '../services/alerts/send-digest.js';
import type { Job } from './worker.js';

/** The daily "Vigil is alive" digest: looked at every minute, written once a day when due. */
export function digestJob(everyMs = 60_000): Job {
  return {
    name: 'digest',
    everyMs,
    async run(ctx) {
      if (await sendDailyDigest(ctx)) ctx.log.info('daily digest queued');
    },
  };
}
