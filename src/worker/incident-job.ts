import { promoteFiringAlerts } from '../services/incidents/promote-alerts.js';
import { remindOverdue } from '../services/incidents/remind-incidents.js';
import type { Job } from './worker.js';

/** Incident policy over time: promote alerts firing too long, remind overdue updates and reports. */
export function incidentJob(everyMs = 60_000): Job {
  return {
    name: 'incidents',
    everyMs,
    async run(ctx) {
      const promoted = await promoteFiringAlerts({ ctx });
      const reminded = await remindOverdue({ ctx });
      if (promoted.length || reminded.length)
        ctx.log.info({ promoted: promoted.length, reminded: reminded.length }, 'incident policy');
    },
  };
}
