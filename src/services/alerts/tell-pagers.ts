import { sql } from 'kysely';
import { boundedKey, type NotificationMessage } from '../../notify/index.js';
import type { Executor } from '../../store/executor.js';
import { enqueueOutbox } from './enqueue-outbox.js';

/** Channel kinds that keep their own incident per dedup key, which Vigil must acknowledge and resolve. */
const PAGER_KINDS = ['pagerduty'];

/**
 * Tells the pagers what happened in Vigil: an acknowledge or resolve event with the dedup key of
 * each alert group the alerts were paged under (and of the incident, whose updates page under
 * `incident:<id>`), so PagerDuty stops escalating what someone already took. Queued through the
 * outbox in the caller's transaction. A key PagerDuty does not know is ignored there.
 */
export async function tellPagers(
  db: Executor,
  input: {
    action: 'acknowledge' | 'resolve';
    alertIds: readonly string[];
    incidentId?: string | undefined;
    /** What the event is about, for PagerDuty's log: "acknowledged in Vigil by ana". */
    reason: string;
    now: Date;
  },
): Promise<number> {
  const pagers = await db
    .selectFrom('channels')
    .select('name')
    .where('kind', 'in', PAGER_KINDS)
    .where('deleted_at', 'is', null)
    .execute();
  if (pagers.length === 0) return 0;
  const keysByChannel = new Map<string, Set<string>>(pagers.map((p) => [p.name, new Set<string>()]));
  if (input.alertIds.length > 0) {
    // The keys the pages actually went out under: a group's key with its incarnation, bounded.
    const sent = await db
      .selectFrom('outbox')
      .select(['channel_name', sql<string>`message->>'dedupKey'`.as('dedupKey')])
      .distinct()
      .where('channel_name', 'in', [...keysByChannel.keys()])
      .where(
        'group_key',
        'in',
        db
          .selectFrom('notification_group_alerts')
          .select('group_key')
          .where('alert_id', 'in', [...input.alertIds]),
      )
      .where(sql<string>`message->>'kind'`, '=', 'alert.firing')
      .execute();
    for (const s of sent) keysByChannel.get(s.channel_name)?.add(s.dedupKey);
  }
  if (input.incidentId) for (const keys of keysByChannel.values()) keys.add(`incident:${input.incidentId}`);
  let queued = 0;
  for (const [channel, keys] of keysByChannel)
    for (const dedupKey of keys) {
      const idempotencyKey = boundedKey(`${channel}:${input.action}:${dedupKey}:${input.now.getTime()}`);
      const message: NotificationMessage = {
        kind: input.action === 'acknowledge' ? 'alert.acknowledged' : 'alert.resolved',
        title: input.reason,
        severity: 'log',
        status: input.action === 'acknowledge' ? 'acknowledged' : 'resolved',
        alerts: [],
        links: {},
        idempotencyKey,
        dedupKey,
        occurredAt: input.now.toISOString(),
      };
      await enqueueOutbox(db, { channel, message, now: input.now });
      queued++;
    }
  return queued;
}
