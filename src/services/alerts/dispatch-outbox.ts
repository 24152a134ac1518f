import { sql } from 'kysely';
import {
  type ChannelConfig,
  channelConfigSchema,
  createNotifier,
  fitMessage,
  mergeSecrets,
  type Notifier,
  type NotifierDeps,
  notificationMessageSchema,
} from '../../notify/index.js';
import type { ChannelRow, OutboxRow } from '../../store/schema.js';
import type { SecretBox } from '../../store/secret-box.js';
import type { ServiceContext } from '../context.js';
import { ChannelRateLimiter, type RateLimit } from './channel-rate-limit.js';
import { completeMessage } from './complete-message.js';

export interface DispatchOptions {
  notifier: Omit<NotifierDeps, 'clock'>;
  /** Attempts before a message is dead-lettered. */
  maxAttempts: number;
  /** How long a claimed message is ours before another dispatcher may retry it (a crash). */
  leaseMs: number;
  batch: number;
}

export const DEFAULT_DISPATCH: Omit<DispatchOptions, 'notifier'> = {
  maxAttempts: 8,
  leaseMs: 30_000,
  batch: 50,
};

/** Opens a channel row into a notifier; reused while the channel is unchanged. */
export class NotifierCache {
  private readonly cache = new Map<string, { version: number; notifier: Notifier }>();
  /** Per-channel rate limits, kept with the notifiers: both are this dispatcher's own state. */
  readonly limiter = new ChannelRateLimiter();
  constructor(private readonly secrets: SecretBox) {}
  get(row: ChannelRow, deps: NotifierDeps): Notifier {
    const version = row.updated_at.getTime();
    const hit = this.cache.get(row.id);
    if (hit && hit.version === version) return hit.notifier;
    const full = mergeSecrets(
      { ...row.config, kind: row.kind, name: row.name },
      row.secrets ? this.secrets.open(row.secrets) : {},
    );
    const notifier = createNotifier(channelConfigSchema.parse(full) as ChannelConfig, deps);
    this.cache.set(row.id, { version, notifier });
    return notifier;
  }
}

/** Exponential backoff with full jitter, at least what the receiver asked for (Retry-After). */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const base = Math.min(3_600_000, 1_000 * 2 ** attempt);
  return Math.max(retryAfterMs ?? 0, Math.round(base / 2 + (random() * base) / 2));
}

async function claim(ctx: ServiceContext, now: Date, opts: DispatchOptions): Promise<OutboxRow[]> {
  const until = new Date(now.getTime() + opts.leaseMs);
  const { rows } = await sql<OutboxRow>`
    update outbox set status = 'sending', lease_until = ${until}
    where id in (
      select id from outbox
      where (status = 'pending' and next_attempt_at <= ${now}) or (status = 'sending' and lease_until < ${now})
      order by id limit ${opts.batch}
      for update skip locked
    ) returning *`.execute(ctx.store.db);
  return rows;
}

/**
 * Delivers what the outbox holds. Delivery state lives in the store, so a crash loses nothing:
 * a message claimed by a process that died is claimed again when its lease ends, and sent with
 * the same idempotency key (PagerDuty's dedup_key makes the repeat harmless; others see it once
 * more at most). A message that keeps failing is dead-lettered; the alert itself is untouched.
 */
export async function dispatchOutbox(
  ctx: ServiceContext,
  notifiers: NotifierCache,
  opts: DispatchOptions,
): Promise<{ sent: number; failed: number; deferred: number }> {
  const now = ctx.clock.now();
  const claimed = await claim(ctx, now, opts);
  let sent = 0;
  let failed = 0;
  let deferred = 0;
  const channels = new Map(
    (await ctx.store.db.selectFrom('channels').selectAll().where('deleted_at', 'is', null).execute()).map(
      (c) => [c.name, c],
    ),
  );
  await Promise.all(
    claimed.map(async (row) => {
      const channel = channels.get(row.channel_name);
      // Taken before any await, so the rows of one claim queue for their channel in id order.
      const wait = channel
        ? notifiers.limiter.take(
            channel.name,
            (channel.config as { rateLimit?: RateLimit }).rateLimit,
            now.getTime(),
          )
        : 0;
      if (wait > 0) {
        deferred++;
        await ctx.store.db
          .updateTable('outbox')
          .set({ status: 'pending', lease_until: null, next_attempt_at: new Date(now.getTime() + wait) })
          .where('id', '=', row.id)
          .execute();
        return;
      }
      const attempts = row.attempts + 1;
      let outcome:
        | { ok: true }
        | { ok: false; retryable: boolean; retryAfterMs?: number | undefined; error: string };
      if (!channel) {
        outcome = {
          ok: false,
          retryable: false,
          error: `no channel named "${row.channel_name}" (deleted or renamed?)`,
        };
      } else {
        try {
          // Too long is cut with an ellipsis, never refused: a long summary must still arrive.
          const stored = notificationMessageSchema.parse(fitMessage(row.message));
          const message = await completeMessage(ctx.store.db, stored, opts.notifier.publicUrl);
          outcome = await notifiers.get(channel, { ...opts.notifier, clock: ctx.clock }).send(message);
        } catch (error) {
          ctx.log.error({ err: error, outbox: row.id }, 'could not build the notification');
          outcome = {
            ok: false,
            retryable: false,
            error: 'the message could not be built; the server log has details',
          };
        }
      }
      const at = ctx.clock.now();
      if (outcome.ok) {
        sent++;
        await ctx.store.db
          .updateTable('outbox')
          .set({ status: 'sent', attempts, sent_at: at, lease_until: null, last_error: null })
          .where('id', '=', row.id)
          .execute();
        return;
      }
      failed++;
      const dead = !outcome.retryable || attempts >= opts.maxAttempts;
      await ctx.store.db
        .updateTable('outbox')
        .set({
          status: dead ? 'dead' : 'pending',
          attempts,
          last_error: outcome.error,
          lease_until: null,
          next_attempt_at: new Date(at.getTime() + (dead ? 0 : retryDelayMs(attempts, outcome.retryAfterMs))),
        })
        .where('id', '=', row.id)
        .execute();
    }),
  );
  return { sent, failed, deferred };
}
