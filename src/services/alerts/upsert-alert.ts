import { groupKey, matchRoutes } from '../../domain/routing/index.js';
import { json } from '../../store/executor.js';
import { newId } from '../../store/ids.js';
import type { AlertRow } from '../../store/schema.js';
import type { Tx } from '../context.js';
import type { AlertSignal } from './alert-signal.js';
import type { Routing } from './routing-config.js';
import { incidentPolicyForAlert } from '../incidents/incident-policy.js';

export type AlertChange = 'fired' | 'refired' | 'resolved' | 'seen' | 'none';

/**
 * One alert per fingerprint, never one per run: a signal fires it (or refreshes it while it
 * fires), a passing signal resolves it. Returns what changed; changes are recorded as alert
 * events and put the alert in its notification groups, all in the caller's transaction.
 */
export async function upsertAlert(
  trx: Tx,
  routing: Routing,
  signal: AlertSignal,
  actor: string | null = null,
): Promise<{ alert: AlertRow | undefined; change: AlertChange }> {
  const existing = await trx
    .selectFrom('alerts')
    .selectAll()
    .where('fingerprint', '=', signal.fingerprint)
    .forUpdate()
    .executeTakeFirst();
  if (signal.status === 'resolved') {
    if (!existing || existing.status !== 'firing') return { alert: existing, change: 'none' };
    const ended =
      signal.endedAt && signal.endedAt <= signal.at && signal.endedAt >= existing.started_at
        ? signal.endedAt
        : signal.at;
    await trx
      .updateTable('alerts')
      .set({ status: 'resolved', resolved_at: ended, last_seen_at: signal.at })
      .where('id', '=', existing.id)
      .execute();
    await trx
      .insertInto('alert_events')
      .values({ alert_id: existing.id, at: signal.at, kind: 'resolved', message: signal.summary, actor })
      .execute();
    const alert = { ...existing, status: 'resolved', resolved_at: ended };
    await touchGroups(trx, routing, alert, signal.at);
    await wakeInhibitedGroups(trx, signal.at);
    return { alert, change: 'resolved' };
  }
  const fields = {
    status: 'firing',
    severity: signal.severity,
    title: signal.title,
    summary: signal.summary,
    labels: json(signal.labels),
    annotations: json(signal.annotations),
    last_seen_at: signal.at,
  };
  if (existing?.status === 'firing') {
    await trx
      .updateTable('alerts')
      .set({ ...fields, event_count: existing.event_count + 1 })
      .where('id', '=', existing.id)
      .execute();
    return {
      alert: { ...existing, ...fields, labels: signal.labels, annotations: signal.annotations },
      change: 'seen',
    };
  }
  const startedAt = signal.startedAt && signal.startedAt < signal.at ? signal.startedAt : signal.at;
  let alert: AlertRow;
  if (existing) {
    // Firing again after a resolution: a new episode of the same alert, with its history kept.
    await trx
      .updateTable('alerts')
      .set({
        ...fields,
        started_at: startedAt,
        resolved_at: null,
        acknowledged_at: null,
        acknowledged_by: null,
        ack_seconds: null,
        event_count: existing.event_count + 1,
      })
      .where('id', '=', existing.id)
      .execute();
    alert = {
      ...existing,
      ...fields,
      labels: signal.labels,
      annotations: signal.annotations,
      started_at: startedAt,
      resolved_at: null,
      acknowledged_at: null,
      acknowledged_by: null,
    };
  } else {
    alert = {
      id: newId('alr', signal.at.getTime()),
      fingerprint: signal.fingerprint,
      origin: signal.origin,
      monitor_id: signal.monitorId ?? null,
      source_id: signal.sourceId ?? null,
      ...fields,
      labels: signal.labels,
      annotations: signal.annotations,
      started_at: startedAt,
      resolved_at: null,
      acknowledged_at: null,
      acknowledged_by: null,
      ack_seconds: null,
      event_count: 1,
    };
    await trx
      .insertInto('alerts')
      .values({ ...alert, labels: json(alert.labels), annotations: json(alert.annotations) })
      .execute();
  }
  await trx
    .insertInto('alert_events')
    .values({
      alert_id: alert.id,
      at: signal.at,
      kind: existing ? 'refired' : 'fired',
      message: signal.summary,
      actor,
    })
    .execute();
  await touchGroups(trx, routing, alert, signal.at);
  const change = existing ? 'refired' : 'fired';
  await incidentPolicyForAlert(trx, alert, change);
  return { alert, change };
}

/**
 * Puts the alert in the notification group of every route it matches and asks the planner to
 * look at those groups now. The planner, not this function, decides whether to send.
 */
async function touchGroups(trx: Tx, routing: Routing, alert: AlertRow, now: Date): Promise<void> {
  if (!routing.tree) return;
  for (const route of matchRoutes(routing.tree, alert.labels)) {
    if (route.receivers.length === 0) continue;
    const key = groupKey(route, alert.labels);
    await trx
      .insertInto('notification_groups')
      .values({ key, route: json(route), state: null, next_check_at: now, created_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ next_check_at: now, route: json(route) }))
      .execute();
    await trx
      .insertInto('notification_group_alerts')
      .values({ group_key: key, alert_id: alert.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/**
 * An inhibited alert has no time of its own to look again at (the inhibition lasts while its
 * source fires), so its group sleeps. When any alert resolves, the groups holding a firing alert
 * that was held back by an inhibition in its current episode are planned again: the planner then
 * notifies what is no longer inhibited and holds the rest (recording nothing twice). Anything
 * that resolves alerts without upsertAlert (e.g. deleting an SLO) calls it too.
 */
export async function wakeInhibitedGroups(trx: Tx, now: Date): Promise<void> {
  const inhibited = trx
    .selectFrom('alert_events as e')
    .innerJoin('alerts as a', 'a.id', 'e.alert_id')
    .select('a.id')
    .where('a.status', '=', 'firing')
    .where('e.kind', '=', 'held')
    // The reason inhibitedBy (src/domain/routing/inhibition.ts) writes for rules and lineage alike.
    .where('e.message', 'like', 'inhibited by %')
    .whereRef('e.at', '>=', 'a.started_at');
  await trx
    .updateTable('notification_groups')
    .set({ next_check_at: now })
    .where(
      'key',
      'in',
      trx.selectFrom('notification_group_alerts').select('group_key').where('alert_id', 'in', inhibited),
    )
    .where((eb) => eb.or([eb('next_check_at', 'is', null), eb('next_check_at', '>', now)]))
    .execute();
}
