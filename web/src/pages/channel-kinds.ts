/**
 * The form fields of each channel kind, matching the config schemas in src/notify/<kind>/.
 * Secret fields (webhook URLs, passwords, keys) are sent with the config, stored sealed and never
 * shown again; the list only says which are set.
 */
import type { ChannelKind } from '../api/types.js';

export interface ChannelField {
  key: string;
  label: string;
  type: 'text' | 'number' | 'password' | 'select' | 'list';
  required?: boolean;
  initial?: string;
  hint?: string;
  secret?: boolean;
  options?: readonly string[];
}

export const CHANNEL_KIND_FIELDS: Record<ChannelKind, { label: string; fields: ChannelField[] }> = {
  slack: {
    label: 'Slack',
    fields: [
      {
        key: 'url',
        label: 'Webhook URL',
        type: 'password',
        secret: true,
        required: true,
        hint: 'the incoming webhook URL, https://hooks.slack.com/services/…',
      },
    ],
  },
  teams: {
    label: 'Microsoft Teams',
    fields: [
      {
        key: 'url',
        label: 'Webhook URL',
        type: 'password',
        secret: true,
        required: true,
        hint: 'the workflow or incoming webhook URL of the Teams channel',
      },
    ],
  },
  email: {
    label: 'Email (SMTP)',
    fields: [
      { key: 'host', label: 'SMTP host', type: 'text', required: true },
      { key: 'port', label: 'Port', type: 'number', initial: '587' },
      {
        key: 'security',
        label: 'Security',
        type: 'select',
        options: ['starttls', 'tls', 'none'],
        initial: 'starttls',
        hint: 'starttls on 587, tls on 465',
      },
      { key: 'from', label: 'From', type: 'text', required: true, hint: 'e.g. Vigil <vigil@example.com>' },
      { key: 'to', label: 'To', type: 'list', required: true, hint: 'addresses, separated by commas' },
      { key: 'username', label: 'User', type: 'text' },
      { key: 'password', label: 'Password', type: 'password', secret: true },
    ],
  },
  webhook: {
    label: 'Webhook',
    fields: [
      {
        key: 'url',
        label: 'URL',
        type: 'password',
        secret: true,
        required: true,
        hint: 'receives a JSON POST for each notification',
      },
      {
        key: 'secret',
        label: 'Signing secret',
        type: 'password',
        secret: true,
        hint: 'optional, 16+ characters; each request is signed with it',
      },
    ],
  },
  pagerduty: {
    label: 'PagerDuty',
    fields: [
      {
        key: 'routingKey',
        label: 'Routing key',
        type: 'password',
        secret: true,
        required: true,
        hint: 'the 32-character Events API v2 integration key',
      },
    ],
  },
  // Sends nothing out: what it receives is listed on the Inbox page.
  inbox: { label: 'Inbox (kept in Vigil)', fields: [] },
};

export type ChannelValues = Record<string, string>;

export function initialChannelValues(kind: ChannelKind): ChannelValues {
  return Object.fromEntries(CHANNEL_KIND_FIELDS[kind].fields.map((f) => [f.key, f.initial ?? '']));
}

/** The config the API takes: numbers as numbers, lists as arrays; empty fields are left out. */
export function toChannelConfig(kind: ChannelKind, values: ChannelValues): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const f of CHANNEL_KIND_FIELDS[kind].fields) {
    const v = values[f.key]?.trim() ?? '';
    if (v === '') continue;
    config[f.key] =
      f.type === 'number'
        ? Number(v)
        : f.type === 'list'
          ? v
              .split(/[,;\s]+/)
              .map((x) => x.trim())
              .filter(Boolean)
          : v;
  }
  return config;
}

/** The shown (non-secret) settings of a saved channel as one line. */
export function channelSummary(config: Record<string, unknown>): string {
  return Object.entries(config)
    .filter(([k, v]) => k !== 'kind' && k !== 'name' && v !== null && v !== undefined && v !== '')
    .map(
      ([k, v]) =>
        `${k}=${Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    )
    .join(', ');
}
