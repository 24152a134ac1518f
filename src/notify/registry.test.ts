import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loopbackDeps } from './testing/fixtures.js';
import {
  CHANNEL_KINDS,
  channelConfigSchema,
  channelDefinition,
  createNotifier,
  describeChannelKinds,
  mergeSecrets,
  splitSecrets,
} from './registry.js';

describe('channel registry', () => {
  it('lists every channel with its secret fields', () => {
    expect(describeChannelKinds()).toEqual([
      { kind: 'slack', label: 'Slack', secretFields: ['url'] },
      { kind: 'teams', label: 'Microsoft Teams', secretFields: ['url'] },
      { kind: 'email', label: 'Email', secretFields: ['password'] },
      { kind: 'webhook', label: 'Webhook', secretFields: ['url', 'secret', 'headers'] },
      { kind: 'pagerduty', label: 'PagerDuty', secretFields: ['routingKey', 'webhookSecret'] },
      { kind: 'inbox', label: 'Inbox (kept in Vigil)', secretFields: [] },
    ]);
  });

  it('marks every secret field writeOnly in the JSON Schema the API publishes', () => {
    for (const kind of CHANNEL_KINDS) {
      const schema = z.toJSONSchema(channelDefinition(kind).schema, { io: 'input' }) as {
        properties: Record<string, { writeOnly?: boolean }>;
      };
      for (const field of channelDefinition(kind).secretFields) {
        expect(schema.properties[field]?.writeOnly, `${kind}.${field}`).toBe(true);
      }
      const open = Object.entries(schema.properties).filter(([, p]) => p.writeOnly);
      expect(open.map(([k]) => k).sort()).toEqual([...channelDefinition(kind).secretFields].sort());
    }
  });

  it('splits secrets out for encryption and merges them back to the same config', () => {
    const config = channelConfigSchema.parse({
      kind: 'webhook',
      url: 'https://hooks.example.com/in/abc?token=t0k',
      secret: 'hmac-secret-0123456789',
      headers: { Authorization: 'Bearer x' },
      name: 'ops hook',
    });
    const { config: shown, secrets } = splitSecrets(config);
    expect(shown).toEqual({ kind: 'webhook', followRedirects: false, name: 'ops hook' });
    expect(secrets).toEqual({
      url: 'https://hooks.example.com/in/abc?token=t0k',
      secret: 'hmac-secret-0123456789',
      headers: { Authorization: 'Bearer x' },
    });
    expect(channelConfigSchema.parse(mergeSecrets(shown, secrets))).toEqual(config);
  });

  it('refuses an unknown kind and a non-http URL when a channel is saved', () => {
    expect(channelConfigSchema.safeParse({ kind: 'discord', url: 'https://x' }).success).toBe(false);
    const ftp = channelConfigSchema.safeParse({ kind: 'slack', url: 'ftp://hooks.slack.com/x' });
    expect(ftp.error?.issues[0]?.message).toBe('must be an http:// or https:// URL');
  });

  it('a channel that throws still answers a value, without the config in the text', async () => {
    // Bypasses the schema on purpose: a config that never went through validation.
    const notifier = createNotifier({ kind: 'teams', url: 'not a url with s3cret' }, loopbackDeps());
    const result = await notifier.sendTest();
    expect(result).toEqual({
      ok: false,
      retryable: false,
      error: 'teams: unexpected TypeError while sending',
    });
  });
});
