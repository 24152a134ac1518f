import { z } from 'zod';
import { channelBaseFields, httpUrl, secret } from '../channel-base.js';
import { makeNotifier, postJson } from '../delivery.js';
import type { DeliveryResult, ChannelDefinition } from '../notifier.js';
import {
  DEFAULT_SEVERITY_MAP,
  eventActionOf,
  PAGERDUTY_SEVERITIES,
  pagerDutyEvent,
  type EventAction,
} from './pagerduty-event.js';

export const DEFAULT_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
const pdSeverity = z.enum(PAGERDUTY_SEVERITIES);

/** PagerDuty Events API v2; the integration's routing key is the credential. */
export const pagerDutyConfigSchema = z
  .object({
    kind: z.literal('pagerduty'),
    routingKey: secret(z.string().regex(/^[A-Za-z0-9]{32}$/, 'must be the 32-character integration key')),
    /** The enqueue endpoint; the EU service region uses https://events.eu.pagerduty.com/v2/enqueue. */
    eventsUrl: httpUrl.default(DEFAULT_EVENTS_URL),
    /** How Vigil severities map to PagerDuty's; page → critical, ticket → warning, log → info. */
    severityMap: z.object({ page: pdSeverity, ticket: pdSeverity, log: pdSeverity }).partial().optional(),
    /**
     * The signing secret of a PagerDuty v3 webhook subscription that posts to
     * /api/v1/integrations/pagerduty: acknowledging or resolving in PagerDuty then does so in Vigil.
     */
    webhookSecret: secret(z.string().min(8).max(500)).optional(),
    ...channelBaseFields,
  })
  .strict();
export type PagerDutyConfig = z.infer<typeof pagerDutyConfigSchema>;

/** PagerDuty answers `{ status, message, errors: [...] }` on a failure. */
function explain(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: unknown };
    const errors = Array.isArray(parsed.errors) ? parsed.errors.filter((e) => typeof e === 'string') : [];
    const message = typeof parsed.message === 'string' ? parsed.message : undefined;
    return [message, ...errors].filter(Boolean).join('; ') || undefined;
  } catch {
    return undefined;
  }
}

export const pagerDutyChannel: ChannelDefinition<PagerDutyConfig> = {
  kind: 'pagerduty',
  label: 'PagerDuty',
  schema: pagerDutyConfigSchema,
  secretFields: ['routingKey', 'webhookSecret'],
  targets: (config) => [{ field: 'eventsUrl', url: config.eventsUrl }],
  create: (config, deps) => {
    const severityMap = { ...DEFAULT_SEVERITY_MAP, ...config.severityMap };
    const post = async (
      message: Parameters<typeof pagerDutyEvent>[0],
      action: EventAction,
      signal?: AbortSignal,
    ) => {
      const event = pagerDutyEvent(message, {
        routingKey: config.routingKey,
        action,
        severityMap,
        templates: config.templates,
      });
      const result: DeliveryResult = await postJson({
        service: 'PagerDuty',
        url: config.eventsUrl,
        body: JSON.stringify(event),
        headers: {},
        deps,
        timeoutMs: config.timeoutMs,
        secrets: [config.routingKey],
        signal,
        explain,
      });
      return result.ok ? { ...result, reference: event.dedup_key } : result;
    };
    return makeNotifier({
      kind: 'pagerduty',
      deps,
      channelName: config.name,
      unsupported: ['digest'],
      send: async (message, options) => {
        const action = eventActionOf(message) as EventAction;
        const result = await post(message, action, options.signal);
        // A test must not leave an open incident paging someone: resolve it straight away.
        if (message.kind === 'test' && result.ok) return post(message, 'resolve', options.signal);
        return result;
      },
    });
  },
};
