import type { NotifierDeps } from '../notify/index.js';
import { DEFAULT_DISPATCH, dispatchOutbox, NotifierCache } from '../services/alerts/dispatch-outbox.js';
import { escalateAlerts } from '../services/alerts/escalate-alerts.js';
import { processDueGroups } from '../services/alerts/process-groups.js';
import type { SecretBox } from '../store/secret-box.js';
import type { Job } from './worker.js';

/**
 * Plans due notification groups into the outbox, escalates unacknowledged pages, then delivers
 * the outbox. Polled often: when
 * idle it costs two small indexed queries, and it keeps a failing check's message well under a
 * second from the store to the channel.
 */
export function notificationJob(deps: {
  secrets: SecretBox;
  notifier: Omit<NotifierDeps, 'clock'>;
  everyMs?: number;
}): Job {
  const notifiers = new NotifierCache(deps.secrets);
  return {
    name: 'notifications',
    everyMs: deps.everyMs ?? 250,
    async run(ctx) {
      await processDueGroups(ctx, { publicUrl: deps.notifier.publicUrl });
      // Escalation rides on the same turn, so level 1 goes out with the group's first message.
      await escalateAlerts(ctx, { publicUrl: deps.notifier.publicUrl });
      for (let round = 0; round < 20; round++) {
        const { sent, failed } = await dispatchOutbox(ctx, notifiers, {
          ...DEFAULT_DISPATCH,
          notifier: deps.notifier,
        });
        if (sent + failed === 0) break;
      }
    },
  };
}
