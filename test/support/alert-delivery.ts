import { outboundPolicy } from '../../src/notify/index.js';
import { type Receiver, startReceiver } from '../../src/notify/testing/receiver.js';
import {
  DEFAULT_DISPATCH,
  dispatchOutbox,
  NotifierCache,
} from '../../src/services/alerts/dispatch-outbox.js';
import { ingestExternalAlerts } from '../../src/services/alerts/ingest-external-alerts.js';
import { processDueGroups } from '../../src/services/alerts/process-groups.js';
import { createChannel } from '../../src/services/channels.js';
import type { ServiceContext } from '../../src/services/context.js';
import { testSecrets } from './stores.js';

/** Outbound HTTP allowed to loopback only: the local receivers tests start. */
export const LOOPBACK_NOTIFIER = {
  policy: outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }),
  timeoutMs: 5_000,
};

/**
 * One worker turn as `vigil serve` runs it: plan the groups that are due, then deliver the outbox.
 * Nothing moves a group's schedule by hand.
 */
export function workerTurn(ctx: () => ServiceContext): () => Promise<void> {
  const notifiers = new NotifierCache(testSecrets);
  return async () => {
    await processDueGroups(ctx());
    await dispatchOutbox(ctx(), notifiers, { ...DEFAULT_DISPATCH, notifier: LOOPBACK_NOTIFIER });
  };
}

/** Starts a local receiver and a webhook channel `name` that posts to it. */
export async function webhookReceiver(ctx: ServiceContext, name = 'hook'): Promise<Receiver> {
  const hook = await startReceiver();
  await createChannel({
    ctx,
    input: { name, kind: 'webhook', config: { url: `${hook.origin}/in` }, deps: LOOPBACK_NOTIFIER },
  });
  return hook;
}

/** The titles the receiver got, sorted. */
export const receivedTitles = (hook: Receiver): string[] =>
  hook.requests.map((q) => (JSON.parse(q.body) as { title: string }).title).sort();

/** One firing (or resolved) page alert from an external source `t`. */
export function raiseExternal(
  ctx: ServiceContext,
  fingerprint: string,
  labels: Record<string, string>,
  opts: { status?: 'firing' | 'resolved'; title?: string } = {},
) {
  return ingestExternalAlerts({
    ctx,
    input: {
      alerts: [
        {
          source: 't',
          fingerprint,
          status: opts.status ?? 'firing',
          title: opts.title ?? fingerprint,
          severity: 'page',
          labels,
          annotations: {},
        },
      ],
    },
  });
}
