import type { SourceProvider } from '../services/source-provider.js';
import { collectAllUsage } from '../services/usage/collect-all-usage.js';
import type { Job } from './worker.js';

/** Reads per table from PostgreSQL sources' pg_stat_statements, hourly: counters change slowly. */
export function usageJob(sources: SourceProvider, everyMs = 3_600_000): Job {
  return {
    name: 'usage',
    everyMs,
    async run(ctx) {
      await collectAllUsage({ ctx, input: { sources } });
    },
  };
}
