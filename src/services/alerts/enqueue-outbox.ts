import type { NotificationMessage } from '../../notify/index.js';
import type { Executor } from '../../store/executor.js';
import { json } from '../../store/executor.js';

/**
 * Queues one message for one channel. The outbox is keyed by idempotency key: queuing the same
 * key again (a retried job, a second worker) adds nothing. Answers whether a row was added.
 */
export async function enqueueOutbox(
  db: Executor,
  row: { channel: string; groupKey?: string | null; message: NotificationMessage; now: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('outbox')
    .values({
      channel_name: row.channel,
      group_key: row.groupKey ?? null,
      message: json(row.message),
      idempotency_key: row.message.idempotencyKey,
      status: 'pending',
      attempts: 0,
      next_attempt_at: row.now,
      created_at: row.now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return Boolean(inserted);
}
