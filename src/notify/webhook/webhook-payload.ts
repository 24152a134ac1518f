import { z } from 'zod';
import type { ChannelTemplates } from '../channel-base.js';
import { MESSAGE_KINDS, type NotificationMessage, SEVERITIES } from '../message.js';
import { headline } from '../presentation.js';
import { renderTemplate } from '../template.js';

/**
 * The generic webhook's JSON body, version 1 (docs/notifications.md). Every key is always present
 * (null when it has no value) so receivers can rely on the shape. Removing, renaming or retyping
 * a key bumps `version`; new keys may appear within a version, so receivers ignore unknown keys.
 */
const nullableText = z.string().nullable();
const linkKeys = ['monitor', 'runbook', 'incident', 'acknowledge', 'resolve', 'asset'] as const;

export const webhookPayloadV1Schema = z.looseObject({
  version: z.literal('1'),
  id: z.string().describe('The idempotency key: the same for every retry of one delivery'),
  type: z.enum(MESSAGE_KINDS),
  occurredAt: z.string().describe('ISO 8601 time of the event'),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.string(),
  asset: nullableText,
  observed: nullableText,
  expected: nullableText,
  text: nullableText.describe('The message text, or the channel text template rendered as plain text'),
  summary: z.string().describe('One line: the channel title template rendered, or "<Kind>: <title>"'),
  dedupKey: z.string().describe('Stable per alert group or incident'),
  alerts: z.array(
    z.looseObject({
      fingerprint: z.string(),
      labels: z.record(z.string(), z.string()),
      startedAt: z.string(),
      value: z.union([z.string(), z.number(), z.null()]),
      title: nullableText,
      status: nullableText,
    }),
  ),
  links: z.looseObject(
    Object.fromEntries(linkKeys.map((k) => [k, nullableText])) as Record<
      (typeof linkKeys)[number],
      typeof nullableText
    >,
  ),
  incident: z.looseObject({ id: z.string(), title: nullableText, status: nullableText }).nullable(),
});
export type WebhookPayloadV1 = z.infer<typeof webhookPayloadV1Schema>;

export function webhookPayload(message: NotificationMessage, templates?: ChannelTemplates): WebhookPayloadV1 {
  const text = templates?.text ? renderTemplate(templates.text, message, 'text') : message.text;
  return {
    version: '1',
    id: message.idempotencyKey,
    type: message.kind,
    occurredAt: message.occurredAt,
    title: message.title,
    severity: message.severity,
    status: message.status,
    asset: message.asset ?? null,
    observed: message.observed ?? null,
    expected: message.expected ?? null,
    text: text ?? null,
    summary: headline(message, templates),
    dedupKey: message.dedupKey,
    alerts: message.alerts.map((a) => ({
      fingerprint: a.fingerprint,
      labels: a.labels,
      startedAt: a.startedAt,
      value: a.value ?? null,
      title: a.title ?? null,
      status: a.status ?? null,
    })),
    links: {
      monitor: message.links.monitor ?? null,
      runbook: message.links.runbook ?? null,
      incident: message.links.incident ?? null,
      acknowledge: message.links.acknowledge ?? null,
      resolve: message.links.resolve ?? null,
      asset: message.links.asset ?? null,
    },
    incident: message.incident
      ? {
          id: message.incident.id,
          title: message.incident.title ?? null,
          status: message.incident.status ?? null,
        }
      : null,
  };
}
