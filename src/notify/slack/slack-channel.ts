import { z } from 'zod';
import { channelBaseFields, httpUrl, secret } from '../channel-base.js';
import { makeNotifier, postJson } from '../delivery.js';
import type { ChannelDefinition } from '../notifier.js';
import { slackPayload } from './slack-blocks.js';

/** Slack incoming webhook (https://hooks.slack.com/services/T…/B…/…): the URL is the credential. */
export const slackConfigSchema = z
  .object({
    kind: z.literal('slack'),
    url: secret(httpUrl),
    ...channelBaseFields,
  })
  .strict();
export type SlackConfig = z.infer<typeof slackConfigSchema>;

export const slackChannel: ChannelDefinition<SlackConfig> = {
  kind: 'slack',
  label: 'Slack',
  schema: slackConfigSchema,
  secretFields: ['url'],
  targets: (config) => [{ field: 'url', url: config.url }],
  create: (config, deps) =>
    makeNotifier({
      kind: 'slack',
      deps,
      channelName: config.name,
      send: (message, options) =>
        postJson({
          service: 'Slack',
          url: config.url,
          body: JSON.stringify(slackPayload(message, config.templates)),
          headers: {},
          deps,
          timeoutMs: config.timeoutMs,
          secrets: [config.url],
          signal: options.signal,
          // Slack answers failures in plain text: invalid_token, no_service, channel_is_archived.
          explain: (body) => (/^[a-z_]{3,60}$/.test(body.trim()) ? body.trim() : undefined),
        }),
    }),
};
