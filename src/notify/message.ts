import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * What a notification says, independent of the channel that carries it. The router builds one
 * per alert group or incident update; the outbox stores it as JSON (`notificationMessageSchema`
 * parses it back) and every channel renders it in its own format.
 */
export const MESSAGE_KINDS = [
  'alert.firing',
  'alert.resolved',
  'alert.acknowledged',
  'incident.update',
  'test',
  'digest',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The longest idempotencyKey / dedupKey a message may carry (PagerDuty's dedup_key limit too). */
export const MESSAGE_KEY_MAX = 255;

/** page: wake someone; ticket: look during working hours; log: recorded only. */
export const SEVERITIES = ['page', 'ticket', 'log'] as const;
export type Severity = (typeof SEVERITIES)[number];

const isoTime = z.iso.datetime({ offset: true });
const link = z.url().max(3000);

export const alertItemSchema = z.object({
  fingerprint: z.string().min(1).max(200),
  labels: z.record(z.string(), z.string()).default({}),
  startedAt: isoTime,
  /** The observed value when the alert fired, as the monitor reports it. */
  value: z.union([z.string(), z.number(), z.null()]).optional(),
  title: z.string().max(500).optional(),
  status: z.enum(['firing', 'resolved', 'acknowledged']).optional(),
});
export type AlertItem = z.infer<typeof alertItemSchema>;

export const messageLinksSchema = z.object({
  monitor: link.optional(),
  runbook: link.optional(),
  incident: link.optional(),
  /** Signed one-click links: whoever holds them may act, so they expire and are per-message. */
  acknowledge: link.optional(),
  resolve: link.optional(),
  asset: link.optional(),
});
export type MessageLinks = z.infer<typeof messageLinksSchema>;

export const notificationMessageSchema = z.object({
  kind: z.enum(MESSAGE_KINDS),
  title: z.string().min(1).max(500),
  severity: z.enum(SEVERITIES),
  /** firing | resolved | acknowledged for alerts; the incident's status for incident updates. */
  status: z.string().min(1).max(60),
  asset: z.string().max(500).optional(),
  observed: z.string().max(2000).optional(),
  expected: z.string().max(2000).optional(),
  /** Free text: an incident update's body, a digest's summary, a test's explanation. */
  text: z.string().max(10_000).optional(),
  alerts: z.array(alertItemSchema).default([]),
  links: messageLinksSchema.default({}),
  incident: z
    .object({ id: z.string(), title: z.string().optional(), status: z.string().optional() })
    .optional(),
  /** Unique per delivery intent: receivers drop a second copy, retries reuse it. */
  idempotencyKey: z.string().min(1).max(MESSAGE_KEY_MAX),
  /** Stable per alert group or incident, so a trigger, its acknowledge and its resolve meet. */
  dedupKey: z.string().min(1).max(MESSAGE_KEY_MAX),
  occurredAt: isoTime,
});
export type NotificationMessage = z.infer<typeof notificationMessageSchema>;

/**
 * A key that fits MESSAGE_KEY_MAX: kept as is when short enough, otherwise a readable prefix and
 * `~` and the first 32 hex digits of the SHA-256 of the whole key. The same key always gives the
 * same result, so a group keeps one id however long its labels are.
 */
export function boundedKey(key: string, max = MESSAGE_KEY_MAX): string {
  if (key.length <= max) return key;
  const digest = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
  let cut = max - digest.length - 1;
  // Never split a surrogate pair: half a character is not valid text in JSON columns.
  const last = key.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${key.slice(0, cut)}~${digest}`;
}

/** The message every channel sends for "send a test message". */
export function testMessage(input: {
  now: Date;
  channelName?: string;
  publicUrl?: string;
  idempotencyKey?: string;
}): NotificationMessage {
  const at = input.now.toISOString();
  const name = input.channelName ? ` to ${input.channelName}` : '';
  const key = input.idempotencyKey ?? `test-${input.now.getTime().toString(36)}`;
  return {
    kind: 'test',
    title: `Vigil test message${name}`,
    severity: 'log',
    status: 'test',
    asset: 'vigil.test',
    observed: 'a test notification',
    expected: 'this message to arrive',
    text: 'This channel is set up correctly: Vigil can deliver notifications here. No action is needed.',
    alerts: [],
    links: input.publicUrl ? { monitor: input.publicUrl } : {},
    idempotencyKey: key,
    dedupKey: key,
    occurredAt: at,
  };
}

/** The longest text each field may hold; longer text is cut with an ellipsis, never refused. */
export const MESSAGE_TEXT_LIMITS = {
  title: 500,
  status: 60,
  asset: 500,
  observed: 2000,
  expected: 2000,
  text: 10_000,
} as const;
const ALERT_TITLE_MAX = 500;

const clip = (value: unknown, max: number): unknown => {
  if (typeof value !== 'string' || value.length <= max) return value;
  let cut = max - 1;
  const last = value.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${value.slice(0, cut)}…`;
};

/**
 * A stored message with every text field cut to its limit (with an ellipsis), so a long summary
 * is delivered shortened instead of failing `notificationMessageSchema` and being dead-lettered.
 * Keys and links are left alone: cutting them would break what they identify.
 */
export function fitMessage(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const m: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const [field, max] of Object.entries(MESSAGE_TEXT_LIMITS)) m[field] = clip(m[field], max);
  if (Array.isArray(m.alerts))
    m.alerts = m.alerts.map((a: unknown) =>
      a && typeof a === 'object'
        ? { ...a, title: clip((a as { title?: unknown }).title, ALERT_TITLE_MAX) }
        : a,
    );
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined));
}
