import { escalationStep, matchesAll, parseMatchers } from '../../domain/routing/index.js';
import type { NotificationMessage } from '../../notify/index.js';
import type { AlertRow } from '../../store/schema.js';
import type { EscalationPolicyRow } from '../../store/schema-alerting.js';
import type { ServiceContext, Tx } from '../context.js';
import { alertActionLinks } from './alert-links.js';
import { toDomainPolicy } from './escalation-policies.js';
import { onCallChannels } from './oncall-schedules.js';
import { alertDetectedAt } from '../incidents/incident-records.js';
import { enqueueOutbox } from './enqueue-outbox.js';

function policyFor(alert: AlertRow, policies: EscalationPolicyRow[]): EscalationPolicyRow | undefined {
  return policies.find((p) =>
    p.matchers.every((text) => {
      const parsed = parseMatchers(text);
      return parsed.ok && matchesAll(parsed.matchers, alert.labels);
    }),
  );
}

function escalationMessage(
  alert: AlertRow,
  policy: EscalationPolicyRow,
  point: { step: number; level: number; pass: number },
  onCall: string[],
  links: NotificationMessage['links'],
  now: Date,
): NotificationMessage {
  const episode = alert.started_at.getTime().toString(36);
  const levels = policy.levels.length;
  const waited = point.step === 0 ? '' : ' Nobody acknowledged it in time.';
  const who = onCall.length > 0 ? ` On call: ${onCall.join(', ')}.` : '';
  return {
    kind: 'alert.firing',
    title: `[PAGE level ${point.level + 1}/${levels}] ${alert.title}`,
    severity: 'page',
    status: 'firing',
    ...(alert.labels.asset ? { asset: alert.labels.asset } : {}),
    ...(alert.annotations.observed ? { observed: alert.annotations.observed } : {}),
    ...(alert.annotations.expected ? { expected: alert.annotations.expected } : {}),
    text: `${alert.summary}\n\nEscalation policy ${policy.name}, level ${point.level + 1}${point.pass > 0 ? `, repeat ${point.pass}` : ''}.${waited}${who}`,
    alerts: [
      {
        fingerprint: alert.fingerprint,
        labels: alert.labels,
        startedAt: alert.started_at.toISOString(),
        title: alert.title,
        status: 'firing',
      },
    ],
    links,
    idempotencyKey: `esc:${alert.id}:${episode}:${point.step}`,
    // One PagerDuty incident per alert episode: a later level to the same service updates it.
    dedupKey: `esc:${alert.id}:${episode}`,
    occurredAt: now.toISOString(),
  };
}

/**
 * The escalation turn: every firing, unacknowledged page covered by a policy is at some step of
 * it by now (escalationStep); a step not notified yet is written to the outbox for its level's
 * targets, in the same transaction as the record of the step. Acknowledging stops it.
 */
export async function escalateAlerts(
  ctx: ServiceContext,
  opts: { publicUrl?: string | undefined } = {},
): Promise<number> {
  const now = ctx.clock.now();
  const policies = await ctx.store.db.selectFrom('escalation_policies').selectAll().orderBy('name').execute();
  if (policies.length === 0) return 0;
  return ctx.store.db.transaction().execute(async (trx) => {
    const alerts = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('status', '=', 'firing')
      .where('severity', '=', 'page')
      .where('acknowledged_at', 'is', null)
      .forUpdate()
      .skipLocked()
      .execute();
    let written = 0;
    for (const alert of alerts) {
      const policy = policyFor(alert, policies);
      if (policy) written += await escalateOne(trx, ctx, alert, policy, now, opts.publicUrl);
    }
    return written;
  });
}

async function escalateOne(
  trx: Tx,
  ctx: ServiceContext,
  alert: AlertRow,
  policy: EscalationPolicyRow,
  now: Date,
  publicUrl: string | undefined,
): Promise<number> {
  // Steps count from when Vigil saw the alert: a producer's earlier startsAt says when the problem
  // began, not when anyone could have been paged, so it must not skip the first steps.
  const step = escalationStep(toDomainPolicy(policy), await alertDetectedAt(trx, alert), null, now);
  if (!step.current) return 0;
  const state = await trx
    .selectFrom('alert_escalations')
    .select('step')
    .where('alert_id', '=', alert.id)
    .where('episode', '=', alert.started_at)
    .executeTakeFirst();
  if (state && state.step >= step.current.step) return 0;
  // Only the step due now is notified: after a long outage of the worker, no burst of stale levels.
  const channels = new Map<string, string[]>();
  for (const target of step.current.targets) {
    if (target.startsWith('schedule:')) {
      for (const { person, channel } of await onCallChannels(trx, target.slice('schedule:'.length), now)) {
        channels.set(channel, [...(channels.get(channel) ?? []), person]);
      }
    } else if (!channels.has(target)) channels.set(target, []);
  }
  const links = alertActionLinks(ctx.secrets, publicUrl, [alert.fingerprint], now);
  for (const [channel, people] of channels) {
    const message = escalationMessage(alert, policy, step.current, people, links, now);
    const idempotencyKey = `${channel}:${message.idempotencyKey}`;
    await enqueueOutbox(trx, { channel, message: { ...message, idempotencyKey }, now });
  }
  await trx
    .insertInto('alert_events')
    .values({
      alert_id: alert.id,
      at: now,
      kind: 'escalated',
      message: `escalation ${policy.name} level ${step.current.level + 1} notified: ${[...channels.keys()].join(', ') || 'nobody reachable'}`,
      actor: null,
    })
    .execute();
  await trx
    .insertInto('alert_escalations')
    .values({
      alert_id: alert.id,
      episode: alert.started_at,
      policy: policy.name,
      step: step.current.step,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['alert_id', 'episode']).doUpdateSet({ step: step.current?.step ?? 0, updated_at: now }),
    )
    .execute();
  return channels.size;
}
