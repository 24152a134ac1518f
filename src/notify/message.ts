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
  idempotencyKey: z.string().min(1).max(255),
  /** Stable per alert group or incident, so a trigger, its acknowledge and its resolve meet. */
  dedupKey: z.string().min(1).max(255),
  occurredAt: isoTime,
});
export type NotificationMessage = z.infer<typeof notificationMessageSchema>;

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
