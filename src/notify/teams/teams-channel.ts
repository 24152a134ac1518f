import { z } from 'zod';
import { channelBaseFields, httpUrl, secret } from '../channel-base.js';
import { makeNotifier, postJson } from '../delivery.js';
import type { ChannelDefinition } from '../notifier.js';
import { teamsPayload } from './teams-card.js';

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook. The URL carries its signature
 * (`sig=`), so it is the credential. Office 365 connector URLs are retired and not special-cased.
 */
export const teamsConfigSchema = z
  .object({
    kind: z.literal('teams'),
    url: secret(httpUrl),
    ...channelBaseFields,
  })
  .strict();
export type TeamsConfig = z.infer<typeof teamsConfigSchema>;

export const teamsChannel: ChannelDefinition<TeamsConfig> = {
  kind: 'teams',
  label: 'Microsoft Teams',
  schema: teamsConfigSchema,
  secretFields: ['url'],
  targets: (config) => [{ field: 'url', url: config.url }],
  create: (config, deps) =>
    makeNotifier({
      kind: 'teams',
      deps,
      channelName: config.name,
      send: (message, options) =>
        postJson({
          service: 'Microsoft Teams',
          url: config.url,
          body: JSON.stringify(teamsPayload(message, config.templates)),
          headers: {},
          deps,
          timeoutMs: config.timeoutMs,
          secrets: [config.url, new URL(config.url).searchParams.get('sig') ?? undefined],
          signal: options.signal,
        }),
    }),
};
