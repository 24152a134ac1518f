import { claimAirflowPolls } from '../services/pipelines/claim-airflow-polls.js';
import { pollAirflow } from '../services/pipelines/poll-airflow.js';
import type { Job } from './worker.js';

/**
 * Polls every Airflow source when it is due (its own interval, or its backoff after failures).
 * The job ticks often; each source's next_poll_at decides whether a tick polls it.
 */
export function airflowJob(everyMs = 5_000): Job {
  return {
    name: 'airflow',
    everyMs,
    async run(ctx) {
      for (const source of await claimAirflowPolls({ ctx })) {
        const outcome = await pollAirflow({ ctx, input: { source } });
        if (outcome.status === 'failed')
          ctx.log.warn({ source: outcome.source, error: outcome.error }, 'Airflow poll failed');
      }
    },
  };
}
