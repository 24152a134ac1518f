import {
  type GroupState,
  type HeldAlert,
  type MatchedRoute,
  planGroupNotifications,
  type RoutableAlert,
  type Suppression,
  suppressionOf,
  type WorkingHours,
} from '../../domain/routing/index.js';
import { boundedKey } from '../../notify/index.js';
import { json } from '../../store/executor.js';
import type { AlertRow } from '../../store/schema.js';
import type { SecretBox } from '../../store/secret-box.js';
import type { ServiceContext, Tx } from '../context.js';
import { alertActionLinks } from './alert-links.js';
import { alertGroupMessage } from './alert-message.js';
import { loadAlertingSettings } from './alerting-settings.js';
import { lineageUpstreamTest } from './lineage-inhibition.js';
import { loadMaintenanceSilences } from './maintenance-windows.js';
import { loadRouting, loadSilences } from './routing-config.js';
import { enqueueOutbox } from './enqueue-outbox.js';

export function toRoutable(a: AlertRow): RoutableAlert {
  return {
    fingerprint: a.fingerprint,
    status: a.status === 'firing' ? 'firing' : 'resolved',
    labels: a.labels,
    annotations: {
      title: a.annotations.title ?? a.title,
      summary: a.annotations.summary ?? a.summary,
      ...a.annotations,
    },
    startsAt: a.started_at,
    endsAt: a.resolved_at,
    acknowledgedAt: a.acknowledged_at,
  };
}

interface StoredState {
  createdAt: string;
  lastNotifiedAt: string | null;
  notifiedFiring: string[];
  sequence: number;
}

const readState = (s: StoredState | null): GroupState | null =>
  s
    ? {
        createdAt: new Date(s.createdAt),
        lastNotifiedAt: s.lastNotifiedAt ? new Date(s.lastNotifiedAt) : null,
        notifiedFiring: s.notifiedFiring,
      }
    : null;

/**
 * The planner's turn: every group that is due is planned (group_wait, group_interval,
 * repeat_interval, silences, inhibition) and its message, if any, is written to the outbox — one
 * row per receiver — in the same transaction as the group's new state.
 */
export async function processDueGroups(
  ctx: ServiceContext,
  opts: { publicUrl?: string | undefined; limit?: number } = {},
): Promise<number> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('notification_groups')
      .selectAll()
      .where('next_check_at', '<=', now)
      .orderBy('next_check_at')
      .limit(opts.limit ?? 200)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return 0;
    const routing = await loadRouting(trx);
    const silences = [...(await loadSilences(trx, now)), ...(await loadMaintenanceSilences(trx, now))];
    const settings = await loadAlertingSettings(trx);
    const firingAlerts = (
      await trx.selectFrom('alerts').selectAll().where('status', '=', 'firing').execute()
    ).map(toRoutable);
    const isUpstream = await lineageUpstreamTest(trx, firingAlerts);
    let messages = 0;
    for (const group of due) {
      messages += await planGroup(
        trx,
        group.key,
        group.route as unknown as MatchedRoute,
        group.state as StoredState | null,
        now,
        {
          publicUrl: opts.publicUrl,
          secrets: ctx.secrets,
          workingHours: settings.workingHours,
          suppressionContext: {
            silences,
            firingAlerts,
            inhibitRules: routing.inhibitRules,
            ...(isUpstream ? { isUpstream } : {}),
            timeIntervals: [],
          },
        },
      );
    }
    return messages;
  });
}

async function planGroup(
  trx: Tx,
  key: string,
  route: MatchedRoute,
  stored: StoredState | null,
  now: Date,
  opts: {
    publicUrl?: string | undefined;
    secrets: SecretBox;
    workingHours: WorkingHours | null;
    suppressionContext: Parameters<typeof suppressionOf>[2];
  },
): Promise<number> {
  const alerts = (
    await trx
      .selectFrom('alerts')
      .innerJoin('notification_group_alerts as g', 'g.alert_id', 'alerts.id')
      .selectAll('alerts')
      .where('g.group_key', '=', key)
      .execute()
  ).map(toRoutable);
  const suppressed: Record<string, Suppression> = {};
  for (const a of alerts) {
    const s = a.status === 'firing' ? suppressionOf(a, route, opts.suppressionContext, now) : null;
    if (s) suppressed[a.fingerprint] = s;
  }
  const plan = planGroupNotifications(readState(stored), alerts, now, {
    route,
    suppressed,
    workingHours: opts.workingHours,
  });
  await recordHeld(trx, plan.held, now);
  const links = plan.notification
    ? alertActionLinks(
        opts.secrets,
        opts.publicUrl,
        plan.notification.firing.filter((a) => !a.acknowledgedAt).map((a) => a.fingerprint),
        now,
      )
    : {};
  const sequence = (stored?.sequence ?? 0) + (plan.notification ? 1 : 0);
  if (plan.notification) {
    for (const channel of route.receivers) {
      // A group is deleted when it has nothing left to say and made anew later: its creation time
      // keeps the message keys of two incarnations apart.
      const incarnation = `${key}@${plan.state.createdAt.getTime().toString(36)}`;
      const message = alertGroupMessage({
        groupKey: incarnation,
        sequence,
        notification: plan.notification,
        now,
        publicUrl: opts.publicUrl,
      });
      message.links = { ...message.links, ...links };
      const idempotencyKey = boundedKey(`${channel}:${message.idempotencyKey}`);
      await enqueueOutbox(trx, { channel, groupKey: key, message: { ...message, idempotencyKey }, now });
    }
  }
  if (plan.finished) {
    await trx.deleteFrom('notification_groups').where('key', '=', key).execute();
    return plan.notification ? route.receivers.length : 0;
  }
  const state: StoredState = {
    createdAt: plan.state.createdAt.toISOString(),
    lastNotifiedAt: plan.state.lastNotifiedAt?.toISOString() ?? null,
    notifiedFiring: [...plan.state.notifiedFiring],
    sequence,
  };
  await trx
    .updateTable('notification_groups')
    .set({ state: json(state), next_check_at: plan.nextCheckAt })
    .where('key', '=', key)
    .execute();
  // A resolved alert whose resolution was announced (or never needed announcing) leaves the group.
  const owed = new Set(plan.state.notifiedFiring);
  const gone = alerts
    .filter((a) => a.status === 'resolved' && !owed.has(a.fingerprint))
    .map((a) => a.fingerprint);
  if (gone.length > 0) {
    const ids = trx.selectFrom('alerts').select('id').where('fingerprint', 'in', gone);
    await trx
      .deleteFrom('notification_group_alerts')
      .where('group_key', '=', key)
      .where('alert_id', 'in', ids)
      .execute();
  }
  return plan.notification ? route.receivers.length : 0;
}

/**
 * Says on each alert why it was held back (a silence, a maintenance window, an upstream alert),
 * once per reason and firing episode, so the alert's history explains the quiet.
 */
async function recordHeld(trx: Tx, held: HeldAlert[], now: Date): Promise<void> {
  if (held.length === 0) return;
  const rows = await trx
    .selectFrom('alerts')
    .select(['id', 'fingerprint', 'started_at'])
    .where(
      'fingerprint',
      'in',
      held.map((h) => h.fingerprint),
    )
    .execute();
  const byFingerprint = new Map(rows.map((r) => [r.fingerprint, r]));
  for (const h of held) {
    const alert = byFingerprint.get(h.fingerprint);
    if (!alert || h.reason.startsWith('severity log')) continue;
    const seen = await trx
      .selectFrom('alert_events')
      .select('id')
      .where('alert_id', '=', alert.id)
      .where('kind', '=', 'held')
      .where('message', '=', h.reason)
      .where('at', '>=', alert.started_at)
      .executeTakeFirst();
    if (seen) continue;
    await trx
      .insertInto('alert_events')
      .values({ alert_id: alert.id, at: now, kind: 'held', message: h.reason, actor: null })
      .execute();
  }
}
