import { type Receiver, startReceiver } from '../../src/notify/testing/receiver.js';
import { pagerDutyEventProblems } from '../../src/notify/testing/shapes/pagerduty-shape.js';
import { createChannel } from '../../src/services/channels.js';
import type { ServiceContext } from '../../src/services/context.js';
import { LOOPBACK_NOTIFIER } from '../support/alert-delivery.js';

export const PD_ROUTING_KEY = 'R0123456789abcdefABCDEF012345678';

/** A PagerDuty event as the Events API v2 took it. */
export interface PagerDutyEventSent {
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key: string;
  routing_key: string;
  payload?: { summary: string; severity: string; custom_details: Record<string, unknown> };
  links?: Array<{ href: string; text: string }>;
}

/**
 * A local Events API v2: 202 for an event in PagerDuty's documented format, 400 listing what is
 * wrong otherwise, and a PagerDuty channel `name` that sends to it.
 */
export async function pagerDutyReceiver(ctx: ServiceContext, name = 'pd', webhookSecret?: string) {
  const receiver: Receiver = await startReceiver({
    respond: (req) => {
      const event = JSON.parse(req.body);
      const errors = pagerDutyEventProblems(event);
      if (errors.length > 0)
        return {
          status: 400,
          body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors }),
        };
      return { status: 202, body: JSON.stringify({ status: 'success', dedup_key: event.dedup_key }) };
    },
  });
  await createChannel({
    ctx,
    input: {
      name,
      kind: 'pagerduty',
      config: {
        routingKey: PD_ROUTING_KEY,
        eventsUrl: `${receiver.origin}/v2/enqueue`,
        ...(webhookSecret ? { webhookSecret } : {}),
      },
      deps: LOOPBACK_NOTIFIER,
    },
  });
  const events = () => receiver.requests.map((r) => JSON.parse(r.body) as PagerDutyEventSent);
  /** Requests PagerDuty refused as malformed. */
  const refused = () =>
    receiver.requests.filter((r) => pagerDutyEventProblems(JSON.parse(r.body)).length > 0).length;
  return { receiver, events, refused };
}
