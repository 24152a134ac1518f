import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../../domain/errors.js';
import { isOpenStatus } from '../../domain/incident.js';
import type { Tx } from '../context.js';
import { mutate, type ServiceContext } from '../context.js';
import { loadRouting } from '../alerts/routing-config.js';
import { upsertAlert } from '../alerts/upsert-alert.js';
import { checksStillRed } from './checks-green.js';
import { addEvent, findIncident } from './incident-records.js';
import { applyIncidentChange } from './update-incident.js';

/** The PagerDuty v3 webhook events Vigil acts on; others are answered and ignored. */
const ACTIONS = { 'incident.acknowledged': 'acknowledge', 'incident.resolved': 'resolve' } as const;

export interface PagerDutyWebhookResult {
  eventType: string;
  taken: boolean;
  /** What it acted on: `incident <id>` or `alerts <ids>`; null when the key names nothing of Vigil's. */
  target: string | null;
}

/**
 * Whether `X-PagerDuty-Signature` holds a `v1=<hex>` HMAC-SHA256 of the raw body under one of the
 * secrets. PagerDuty sends several, comma-separated, while a secret is being rotated.
 */
export function signatureMatches(
  raw: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): boolean {
  if (!header) return false;
  const given = header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .map((s) => Buffer.from(s.slice(3), 'hex'));
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(raw).digest();
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return true;
  }
  return false;
}

async function webhookSecrets(ctx: ServiceContext): Promise<string[]> {
  const rows = await ctx.store.db
    .selectFrom('channels')
    .select('secrets')
    .where('kind', '=', 'pagerduty')
    .where('deleted_at', 'is', null)
    .execute();
  return rows.flatMap((r) => {
    const open = r.secrets ? ctx.secrets.open(r.secrets) : {};
    const s = open.webhookSecret;
    return typeof s === 'string' && s ? [s] : [];
  });
}

interface WebhookEvent {
  event?: {
    id?: unknown;
    event_type?: unknown;
    occurred_at?: unknown;
    agent?: { summary?: unknown } | null;
    data?: { id?: unknown; incident_key?: unknown; html_url?: unknown } | null;
  };
}

/**
 * A signed PagerDuty v3 webhook: an incident acknowledged or resolved in PagerDuty is acknowledged
 * or resolved in Vigil — the Vigil incident its key names (`incident:<id>`), or the firing alerts
 * of the alert group it was paged for. Refused without a valid signature; nothing of Vigil's is
 * changed for other events or for keys Vigil did not send.
 */
export async function takePagerDutyWebhook({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { raw: Buffer; signature: string | undefined };
}): Promise<PagerDutyWebhookResult> {
  if (!signatureMatches(input.raw, input.signature, await webhookSecrets(ctx)))
    throw new AppError('SIGNATURE_INVALID', 'the PagerDuty signature does not match a webhook secret');
  let body: WebhookEvent;
  try {
    body = JSON.parse(input.raw.toString('utf8')) as WebhookEvent;
  } catch {
    throw new AppError('INVALID_JSON', 'the webhook body is not JSON');
  }
  const eventType = typeof body.event?.event_type === 'string' ? body.event.event_type : 'unknown';
  const action = ACTIONS[eventType as keyof typeof ACTIONS];
  const key = body.event?.data?.incident_key;
  if (!action || typeof key !== 'string' || !key) return { eventType, taken: false, target: null };
  const agent = typeof body.event?.agent?.summary === 'string' ? body.event.agent.summary : 'someone';
  const occurred = new Date(String(body.event?.occurred_at ?? ''));
  const now = ctx.clock.now();
  const at = Number.isNaN(occurred.getTime()) || occurred > now ? now : occurred;
  const actor = `pagerduty: ${agent}`.slice(0, 200);
  const by = { ...ctx, actor: { ...ctx.actor, name: actor } };
  return mutate(by, async (trx) => {
    const target = key.startsWith('incident:')
      ? await onIncident(trx, key.slice('incident:'.length), action, { actor, now, at })
      : await onAlertGroup(trx, key, action, { actor, now });
    return {
      result: { eventType, taken: target !== null, target },
      audit: {
        action: 'incident.pagerduty',
        targetType: target?.startsWith('incident') ? 'incident' : 'alert',
        targetId: target ?? key.slice(0, 200),
        summary: `PagerDuty ${eventType} by ${agent}: ${target ?? 'nothing of Vigil’s'}`,
      },
    };
  });
}

async function onIncident(
  trx: Tx,
  id: string,
  action: 'acknowledge' | 'resolve',
  by: { actor: string; now: Date; at: Date },
): Promise<string | null> {
  const incident = await trx
    .selectFrom('incidents')
    .select(['id', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!incident || !isOpenStatus(incident.status)) return null;
  if (action === 'acknowledge') {
    const row = await findIncident(trx, id, true);
    if (row.status === 'triage')
      await applyIncidentChange(trx, { id, status: 'investigating' }, by.actor, by.now, { fromPager: true });
    else if (!row.acknowledged_at)
      await applyIncidentChange(trx, { id, times: { acknowledgedAt: by.at } }, by.actor, by.now, {
        fromPager: true,
      });
  } else {
    const red = await checksStillRed(trx, id);
    if (red.length)
      await addEvent(trx, {
        incidentId: id,
        at: by.now,
        kind: 'forced',
        actor: by.actor,
        message: `resolved in PagerDuty with ${red.length} check(s) not green: ${red.map((r) => `${r.title} (${r.problem})`).join('; ')}`,
        data: { checks: red.map((r) => ({ ...r })) },
      });
    await applyIncidentChange(trx, { id, status: 'resolved' }, by.actor, by.now, { fromPager: true });
  }
  await addEvent(trx, {
    incidentId: id,
    at: by.now,
    kind: 'note',
    actor: by.actor,
    message: `${action === 'acknowledge' ? 'acknowledged' : 'resolved'} in PagerDuty`,
    data: { source: 'pagerduty' },
  });
  return `incident ${id}`;
}

async function onAlertGroup(
  trx: Tx,
  key: string,
  action: 'acknowledge' | 'resolve',
  by: { actor: string; now: Date },
): Promise<string | null> {
  // The dedup key is the one the page went out under: find the group that sent it.
  const sent = await trx
    .selectFrom('outbox')
    .select('group_key')
    .where(sql<string>`message->>'dedupKey'`, '=', key)
    .where('group_key', 'is not', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const group = sent?.group_key ? { key: sent.group_key } : undefined;
  if (!group) return null;
  const alerts = await trx
    .selectFrom('notification_group_alerts')
    .innerJoin('alerts', 'alerts.id', 'notification_group_alerts.alert_id')
    .selectAll('alerts')
    .where('notification_group_alerts.group_key', '=', group.key)
    .where('alerts.status', '=', 'firing')
    .execute();
  if (alerts.length === 0) return null;
  const routing = action === 'resolve' ? await loadRouting(trx) : null;
  for (const alert of alerts) {
    if (action === 'acknowledge') {
      if (alert.acknowledged_at) continue;
      const ackSeconds = Math.max(0, Math.round((by.now.getTime() - alert.started_at.getTime()) / 1000));
      await trx
        .updateTable('alerts')
        .set({ acknowledged_at: by.now, acknowledged_by: by.actor, ack_seconds: ackSeconds })
        .where('id', '=', alert.id)
        .execute();
      await trx
        .insertInto('alert_events')
        .values({
          alert_id: alert.id,
          at: by.now,
          kind: 'acknowledged',
          message: `acknowledged in PagerDuty`,
          actor: by.actor,
        })
        .execute();
    } else if (routing) {
      await upsertAlert(
        trx,
        routing,
        {
          fingerprint: alert.fingerprint,
          origin: alert.origin as 'monitor',
          status: 'resolved',
          severity: alert.severity as 'page',
          title: alert.title,
          summary: 'resolved in PagerDuty',
          labels: {},
          annotations: {},
          at: by.now,
        },
        by.actor,
      );
    }
  }
  return `alerts ${alerts.map((a) => a.id).join(', ')}`;
}
