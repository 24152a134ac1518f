import { purgeTrash } from '../services/trash.js';
import type { Job } from './worker.js';

export function purgeJob(retentionDays: number): Job {
  return {
    name: 'purge-trash',
    everyMs: 60 * 60 * 1000,
    async run(ctx) {
      const removed = await purgeTrash({ ctx, input: { retentionDays } });
      if (removed.length > 0) ctx.log.info({ removed: removed.length }, 'purged trash');
    },
  };
}
