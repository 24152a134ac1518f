import { sql } from 'kysely';
import { fromLocal, parseClockTime, toLocal } from '../../domain/routing/time-zone.js';
import type { NotificationMessage } from '../../notify/index.js';
import type { Executor } from '../../store/executor.js';
import type { ServiceContext } from '../context.js';
import { type DigestSettings, loadAlertingSettings } from './alerting-settings.js';
import { enqueueOutbox } from './enqueue-outbox.js';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * SLO lines, when the SLO tables exist: each SLO's share of its error budget spent at its last
 * evaluation. Read by name so the digest works on a store without SLOs.
 */
async function sloLines(db: Executor): Promise<string[]> {
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_name = 'slos' and column_name in ('name', 'last_evaluation')`.execute(db);
  if (rows.length < 2) return [];
  const { rows: slos } = await sql<{ name: string; left: string | null }>`
    select name, last_evaluation->>'budgetLeft' as left from slos order by name limit 50`.execute(db);
  return slos.map((s) =>
    s.left === null
      ? `${s.name}: no data yet`
      : `${s.name}: ${Math.round((1 - Number(s.left)) * 100)}% of the error budget spent`,
  );
}

/** The "Vigil is alive" digest: what is open right now, so silence from Vigil itself is noticed. */
export async function digestMessage(db: Executor, now: Date, day: string): Promise<NotificationMessage> {
  const [incidents, failing, firing, slos] = await Promise.all([
    db
      .selectFrom('incidents')
      .select(['id', 'title', 'severity', 'status'])
      .where('resolved_at', 'is', null)
      .orderBy('started_at')
      .limit(50)
      .execute(),
    db
      .selectFrom('monitors')
      .select(['name', 'asset', 'last_status'])
      .where('deleted_at', 'is', null)
      .where('enabled', '=', true)
      .where('last_status', 'in', ['fail', 'error'])
      .orderBy('name')
      .limit(50)
      .execute(),
    db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'firing')
      .executeTakeFirst(),
    sloLines(db),
  ]);
  const lines = [
    `Open incidents: ${incidents.length}`,
    ...incidents.map((i) => `  - [${i.severity}] ${i.title} (${i.status})`),
    `Failing monitors: ${failing.length}`,
    ...failing.map((m) => `  - ${m.name} on ${m.asset} (${m.last_status})`),
    `Firing alerts: ${Number(firing?.n ?? 0)}`,
    ...(slos.length > 0 ? ['SLO error budgets:', ...slos.map((s) => `  - ${s}`)] : []),
  ];
  const key = `digest:${day}`;
  return {
    kind: 'digest',
    title: `Vigil is alive — ${day}: ${incidents.length} open incident(s), ${failing.length} failing monitor(s)`,
    severity: 'log',
    status: 'digest',
    text: lines.join('\n'),
    alerts: [],
    links: {},
    idempotencyKey: key,
    dedupKey: key,
    occurredAt: now.toISOString(),
  };
}

/** The local day whose digest is due at `now`, or null before today's time. */
export function dueDigestDay(d: DigestSettings, now: Date): string | null {
  const local = toLocal(now, d.timeZone);
  const minutes = parseClockTime(d.at) ?? 0;
  const dueAt = fromLocal(
    local.year,
    local.month,
    local.day,
    Math.floor(minutes / 60),
    minutes % 60,
    d.timeZone,
  );
  return now.getTime() >= dueAt.getTime() ? `${local.year}-${pad(local.month)}-${pad(local.day)}` : null;
}

/**
 * Writes today's digest to the outbox once it is due; the idempotency key (channel + day) makes
 * it once a day however many workers look. Returns whether a digest was written now.
 */
export async function sendDailyDigest(ctx: ServiceContext): Promise<boolean> {
  const { digest } = await loadAlertingSettings(ctx.store.db);
  if (!digest) return false;
  const now = ctx.clock.now();
  const day = dueDigestDay(digest, now);
  if (!day) return false;
  const idempotencyKey = `${digest.channel}:digest:${day}`;
  const seen = await ctx.store.db
    .selectFrom('outbox')
    .select('id')
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  if (seen) return false;
  const message = await digestMessage(ctx.store.db, now, day);
  return enqueueOutbox(ctx.store.db, {
    channel: digest.channel,
    message: { ...message, idempotencyKey },
    now,
  });
}
