import { z } from 'zod';
import { channelBaseFields } from '../channel-base.js';
import { makeNotifier } from '../delivery.js';
import type { ChannelDefinition } from '../notifier.js';

/**
 * A channel that sends nothing out: every message is accepted at once and stays in Vigil's
 * outbox as delivered, where the UI and `GET /api/v1/outbox` show it. The demo routes to it so
 * notifications can be seen without a Slack workspace; it also suits trying routing rules.
 */
export const inboxConfigSchema = z
  .object({
    kind: z.literal('inbox'),
    ...channelBaseFields,
  })
  .strict();
export type InboxConfig = z.infer<typeof inboxConfigSchema>;

export const inboxChannel: ChannelDefinition<InboxConfig> = {
  kind: 'inbox',
  label: 'Inbox (kept in Vigil)',
  schema: inboxConfigSchema,
  secretFields: [],
  targets: () => [],
  create: (config, deps) =>
    makeNotifier({
      kind: 'inbox',
      deps,
      channelName: config.name,
      // The outbox row is the inbox: accepting is delivering. Its key names the message.
      send: async (message) => ({ ok: true, status: 200, reference: message.idempotencyKey }),
    }),
};
