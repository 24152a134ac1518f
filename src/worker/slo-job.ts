import { checkSlos } from '../services/slo/check-slos.js';
import type { Job } from './worker.js';

/** Evaluates SLOs once a minute: the fastest page rule looks at 5 minutes, so this is often enough. */
export function sloJob(onAlertChange?: () => void, everyMs = 60_000): Job {
  return {
    name: 'slos',
    everyMs,
    async run(ctx) {
      const changes = await checkSlos({ ctx });
      if (changes.some((c) => c === 'fired' || c === 'refired' || c === 'resolved')) onAlertChange?.();
    },
  };
}
