import { z } from 'zod';
import { emailChannel, emailConfigSchema } from './email/email-channel.js';
import { inboxChannel, inboxConfigSchema } from './inbox/inbox-channel.js';
import type { ChannelDefinition, Notifier, NotifierDeps } from './notifier.js';
import { pagerDutyChannel, pagerDutyConfigSchema } from './pagerduty/pagerduty-channel.js';
import { slackChannel, slackConfigSchema } from './slack/slack-channel.js';
import { checkUrl, type OutboundPolicy, resolveHost } from './ssrf-guard.js';
import { teamsChannel, teamsConfigSchema } from './teams/teams-channel.js';
import { webhookChannel, webhookConfigSchema } from './webhook/webhook-channel.js';

/**
 * Channels by kind. A new channel (Discord) is a folder exporting its schema and definition, plus
 * one entry in each of the two lists below; nothing else in the tree switches on kind.
 */
export const channelConfigSchema = z.discriminatedUnion('kind', [
  slackConfigSchema,
  teamsConfigSchema,
  emailConfigSchema,
  webhookConfigSchema,
  pagerDutyConfigSchema,
  inboxConfigSchema,
]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;
export type ChannelKind = ChannelConfig['kind'];

type DefinitionOf<K extends ChannelKind> = ChannelDefinition<Extract<ChannelConfig, { kind: K }>>;

const CHANNELS: { [K in ChannelKind]: DefinitionOf<K> } = {
  slack: slackChannel,
  teams: teamsChannel,
  email: emailChannel,
  webhook: webhookChannel,
  pagerduty: pagerDutyChannel,
  inbox: inboxChannel,
};

export const CHANNEL_KINDS = Object.keys(CHANNELS) as ChannelKind[];

export function channelDefinition<K extends ChannelKind>(kind: K): DefinitionOf<K> {
  return CHANNELS[kind];
}

/** Builds the notifier for a parsed channel config (secrets merged back in). */
export function createNotifier(channel: ChannelConfig, deps: NotifierDeps): Notifier {
  const definition = CHANNELS[channel.kind] as ChannelDefinition<ChannelConfig>;
  return definition.create(channel, deps);
}

/** Display name and secret field paths per kind, for the API and UI. */
export function describeChannelKinds(): Array<{ kind: ChannelKind; label: string; secretFields: string[] }> {
  return CHANNEL_KINDS.map((kind) => ({
    kind,
    label: CHANNELS[kind].label,
    secretFields: [...CHANNELS[kind].secretFields],
  }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function getPath(obj: Record<string, unknown>, path: string): unknown {
  let node: unknown = obj;
  for (const key of path.split('.')) node = isRecord(node) ? node[key] : undefined;
  return node;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = obj;
  for (const key of keys.slice(0, -1)) {
    if (!isRecord(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/**
 * Splits a config into what may be shown and what must be encrypted at rest. `secrets` is keyed by
 * dotted path; `config` keeps every other field. Works on raw input, before or after parsing.
 */
export function splitSecrets(config: { kind: string } & Record<string, unknown>): {
  config: Record<string, unknown>;
  secrets: Record<string, unknown>;
} {
  const definition = CHANNELS[config.kind as ChannelKind];
  const open: Record<string, unknown> = structuredClone(config);
  const secrets: Record<string, unknown> = {};
  for (const path of definition?.secretFields ?? []) {
    const value = getPath(open, path);
    if (value !== undefined) secrets[path] = value;
    setPath(open, path, undefined);
  }
  return { config: open, secrets };
}

/** The inverse of `splitSecrets`: the stored config with its decrypted secrets put back. */
export function mergeSecrets(config: Record<string, unknown>, secrets: Record<string, unknown>) {
  const full: Record<string, unknown> = structuredClone(config);
  for (const [path, value] of Object.entries(secrets)) setPath(full, path, value);
  return full;
}

/**
 * Save-time check of every address a channel will reach (its URLs, the SMTP host): the first one
 * the SSRF guard refuses, with the field and the reason, so the API can answer a 400 naming it.
 */
export async function checkChannelTargets(
  channel: ChannelConfig,
  policy: OutboundPolicy,
): Promise<{ ok: true } | { ok: false; field: string; reason: string }> {
  const definition = CHANNELS[channel.kind] as ChannelDefinition<ChannelConfig>;
  for (const target of definition.targets(channel)) {
    const verdict =
      'url' in target ? await checkUrl(target.url, policy) : await resolveHost(target.host, policy);
    if (!verdict.ok) return { ok: false, field: target.field, reason: verdict.reason };
  }
  return { ok: true };
}
