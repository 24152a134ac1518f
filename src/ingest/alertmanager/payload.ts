import { z } from 'zod';
import { alertKey } from '../shared/alert-key.js';
import { isDateTime } from '../shared/formats.js';
import type { Parsed } from '../shared/result.js';
import { storableJson } from '../shared/storable.js';
import { parseWith } from '../shared/zod-errors.js';

/**
 * The Alertmanager webhook payload, version 4, as documented in
 * https://prometheus.io/docs/alerting/latest/configuration/#webhook_config.
 * Extra fields are allowed (later Alertmanagers add some) and dropped.
 */
const dateTime = z.string().refine(isDateTime, { message: 'must match format date-time' });
const kv = z.record(z.string(), z.string());

const alert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: kv,
  annotations: kv,
  startsAt: dateTime,
  /** "0001-01-01T00:00:00Z" while the alert fires with no end known. */
  endsAt: dateTime,
  generatorURL: z.string(),
  fingerprint: z.string().min(1, { message: 'must not be empty' }).transform(alertKey),
});

const payload = z.object({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.int().nonnegative(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: kv,
  commonLabels: kv,
  commonAnnotations: kv,
  externalURL: z.string(),
  alerts: z.array(alert),
});

export type AlertmanagerAlert = z.infer<typeof alert>;
export type AlertmanagerPayload = z.infer<typeof payload>;

/** Validate a webhook body; errors name each field path (`/alerts/0/status: must be one of …`). */
export function parseAlertmanagerWebhook(input: unknown): Parsed<AlertmanagerPayload> {
  const storable = storableJson(input);
  return storable.ok ? parseWith(payload, storable.value) : storable;
}
