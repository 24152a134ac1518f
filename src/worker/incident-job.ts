import { settleClearedIncidents } from '../services/incidents/alerts-cleared.js';
import { promoteFiringAlerts } from '../services/incidents/promote-alerts.js';
import { remindOverdue } from '../services/incidents/remind-incidents.js';
import type { Job } from './worker.js';

/**
 * Incident policy over time: promote alerts firing too long, remind overdue updates and reports,
 * and ask to resolve (or resolve) incidents whose alerts have all cleared.
 */
export function incidentJob(everyMs = 60_000): Job {
  return {
    name: 'incidents',
    everyMs,
    async run(ctx) {
      const promoted = await promoteFiringAlerts({ ctx });
      const reminded = await remindOverdue({ ctx });
      const cleared = await settleClearedIncidents({ ctx });
      if (promoted.length || reminded.length || cleared.length)
        ctx.log.info(
          { promoted: promoted.length, reminded: reminded.length, allClear: cleared.length },
          'incident policy',
        );
    },
  };
}
