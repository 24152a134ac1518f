import { randomBytes } from 'node:crypto';
import { AppError, notFound } from '../domain/errors.js';
import { type HeartbeatSchedule, nextDeadline, runDeadline } from '../domain/heartbeat.js';
import { parseDuration, type Severity } from '../domain/monitor.js';
import { storableJson, storableString } from '../ingest/shared/storable.js';
import { json } from '../store/executor.js';
import { newId } from '../store/ids.js';
import type { HeartbeatRow } from '../store/schema.js';
import { liveNameTaken } from '../store/trash.js';
import type { AlertSignal } from './alerts/alert-signal.js';
import { loadRouting } from './alerts/routing-config.js';
import { upsertAlert } from './alerts/upsert-alert.js';
import { hashTokenSecret } from './api-token-secret.js';
import { mutate, type ServiceContext, type Tx } from './context.js';
import { moveToTrash } from './trash.js';

export interface HeartbeatView {
  id: string;
  name: string;
  schedule: HeartbeatSchedule;
  grace: string;
  severity: string;
  owner: string | null;
  labels: Record<string, string>;
  status: string;
  lastPingAt: string | null;
  deadlineAt: string | null;
  createdAt: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const toHeartbeatView = (h: HeartbeatRow): HeartbeatView => ({
  id: h.id,
  name: h.name,
  schedule: h.schedule as HeartbeatSchedule,
  grace: h.grace,
  severity: h.severity,
  owner: h.owner,
  labels: h.labels,
  status: h.status,
  lastPingAt: iso(h.last_ping_at),
  deadlineAt: iso(h.deadline_at),
  createdAt: h.created_at.toISOString(),
});

const graceMs = (h: Pick<HeartbeatRow, 'grace'>) => parseDuration(h.grace) ?? 300_000;

export interface HeartbeatInput {
  name: string;
  schedule: HeartbeatSchedule;
  grace: string;
  severity: Severity;
  owner?: string | null | undefined;
  labels: Record<string, string>;
}

/** A period or grace longer than this is a typo, and would put deadlines past what a date holds. */
const MAX_SPAN_MS = 10 * 366 * 86_400_000;

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `invalid heartbeat: ${path} ${message}`, [{ path, message }]);

/** The first deadline of a new heartbeat, or a refusal naming the field that makes it impossible. */
function firstDeadline(input: HeartbeatInput, now: Date): Date {
  const grace = parseDuration(input.grace) ?? 300_000;
  if (grace > MAX_SPAN_MS) throw invalid('body.grace', 'must be at most 10 years');
  if ('period' in input.schedule && (parseDuration(input.schedule.period) ?? 0) > MAX_SPAN_MS)
    throw invalid('body.schedule.period', 'must be at most 10 years');
  if ('cron' in input.schedule) {
    try {
      return nextDeadline(input.schedule, grace, now);
    } catch {
      // croner names the fault in its own words; the field and what is expected say enough.
      throw invalid('body.schedule', 'must be a cron expression (5 or 6 fields) and an IANA time zone');
    }
  }
  return nextDeadline(input.schedule, grace, now);
}

/** Creates a heartbeat; its ping token is in this answer only (the URL is the credential). */
export async function createHeartbeat({ ctx, input: given }: { ctx: ServiceContext; input: HeartbeatInput }) {
  // Names and labels the store can keep (no NUL, no lone surrogate); the schema bounds the depth.
  const clean = storableJson(given);
  const input = clean.ok ? clean.value : given;
  const deadline = firstDeadline(input, ctx.clock.now());
  const token = `hb_${randomBytes(18).toString('base64url')}`;
  const heartbeat = await mutate(ctx, async (trx) => {
    if (await liveNameTaken(trx, 'heartbeat', input.name))
      throw new AppError('CONFLICT', `a heartbeat named "${input.name}" exists already`);
    const now = ctx.clock.now();
    const row: HeartbeatRow = {
      id: newId('hbt', now.getTime()),
      name: input.name,
      token_hash: hashTokenSecret(token),
      schedule: input.schedule as Record<string, unknown>,
      grace: input.grace,
      severity: input.severity,
      owner: input.owner ?? null,
      labels: input.labels,
      status: 'new',
      last_ping_at: null,
      last_start_at: null,
      run_id: null,
      // The first ping is awaited from creation on, so a job that never reports is noticed too.
      deadline_at: deadline,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      deleted_by: null,
    };
    await trx
      .insertInto('heartbeats')
      .values({ ...row, schedule: json(row.schedule), labels: json(row.labels) })
      .execute();
    const view = toHeartbeatView(row);
    return {
      result: view,
      audit: {
        action: 'heartbeat.create',
        targetType: 'heartbeat',
        targetId: row.id,
        summary: `created heartbeat "${row.name}"`,
        after: view,
      },
    };
  });
  return { heartbeat, token };
}

export async function deleteHeartbeat({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  await mutate(ctx, async (trx) => {
    const row = await trx
      .selectFrom('heartbeats')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', input.id), eb('name', '=', input.id)]))
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound('heartbeat', input.id);
    await moveToTrash(trx, ctx, 'heartbeat', row.id);
    return {
      result: undefined,
      audit: {
        action: 'heartbeat.delete',
        targetType: 'heartbeat',
        targetId: row.id,
        summary: `moved heartbeat "${row.name}" to the trash`,
      },
    };
  });
}

function signal(h: HeartbeatRow, status: 'firing' | 'resolved', summary: string, at: Date): AlertSignal {
  return {
    fingerprint: `heartbeat:${h.id}`,
    origin: 'heartbeat',
    status,
    severity: h.severity as Severity,
    title: `heartbeat ${h.name}`,
    summary,
    labels: {
      ...h.labels,
      heartbeat: h.name,
      kind: 'heartbeat',
      severity: h.severity,
      ...(h.owner ? { owner: h.owner } : {}),
    },
    annotations: { title: `heartbeat ${h.name}`, summary },
    at,
  };
}

async function raise(trx: Tx, h: HeartbeatRow, status: 'firing' | 'resolved', summary: string, at: Date) {
  await upsertAlert(trx, await loadRouting(trx), signal(h, status, summary, at));
}

export type PingKind = 'success' | 'start' | 'fail';

/** A run's duration is kept in whole milliseconds in a 32-bit column: at most about 24.8 days. */
const MAX_DURATION_MS = 2 ** 31 - 1;

/** The duration a job reported, in whole ms, refused when longer than the store keeps. */
function reportedDuration(durationMs: number | undefined): number | undefined {
  if (durationMs === undefined) return undefined;
  const ms = Math.round(durationMs);
  if (!(ms <= MAX_DURATION_MS)) {
    const most = Math.floor(MAX_DURATION_MS / 1000);
    throw new AppError('VALIDATION_FAILED', `duration is longer than ${most} seconds`, [
      { path: 'querystring.duration', message: `must be at most ${most} seconds` },
    ]);
  }
  return ms;
}

/**
 * A ping from a job. `start` opens a run that must end within the grace time; `fail` alerts at
 * once; success closes the run, resolves any alert and sets the next deadline. Run ids pair a
 * start with its end when runs overlap.
 */
export async function recordPing({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { token: string; kind: PingKind; runId?: string | undefined; durationMs?: number | undefined };
}) {
  const now = ctx.clock.now();
  const reported = reportedDuration(input.durationMs);
  // A run id comes from a URL: a %00 in it is a NUL the store cannot keep.
  const runId = input.runId === undefined ? undefined : storableString(input.runId);
  return ctx.store.db.transaction().execute(async (trx) => {
    const h = await trx
      .selectFrom('heartbeats')
      .selectAll()
      .where('token_hash', '=', hashTokenSecret(input.token))
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!h) throw new AppError('NOT_FOUND', 'no heartbeat has this token');
    const measured =
      input.kind !== 'start' && h.last_start_at && (!runId || runId === h.run_id)
        ? now.getTime() - h.last_start_at.getTime()
        : null;
    // A start seen weeks ago is no measure of this run: past what the store keeps, say nothing.
    const duration = reported ?? (measured !== null && measured <= MAX_DURATION_MS ? measured : null);
    await trx
      .insertInto('heartbeat_pings')
      .values({
        heartbeat_id: h.id,
        at: now,
        kind: input.kind,
        run_id: runId ?? null,
        duration_ms: duration,
      })
      .execute();
    if (input.kind === 'start') {
      await trx
        .updateTable('heartbeats')
        .set({
          status: 'running',
          last_start_at: now,
          run_id: runId ?? null,
          deadline_at: runDeadline(now, graceMs(h)),
          updated_at: now,
        })
        .where('id', '=', h.id)
        .execute();
      return { status: 'running' };
    }
    if (input.kind === 'fail') {
      await trx
        .updateTable('heartbeats')
        .set({
          status: 'down',
          last_ping_at: now,
          run_id: null,
          deadline_at: nextDeadline(h.schedule as HeartbeatSchedule, graceMs(h), now),
          updated_at: now,
        })
        .where('id', '=', h.id)
        .execute();
      await raise(trx, h, 'firing', `${h.name} reported a failed run${runId ? ` (run ${runId})` : ''}`, now);
      return { status: 'down' };
    }
    await trx
      .updateTable('heartbeats')
      .set({
        status: 'up',
        last_ping_at: now,
        run_id: null,
        deadline_at: nextDeadline(h.schedule as HeartbeatSchedule, graceMs(h), now),
        updated_at: now,
      })
      .where('id', '=', h.id)
      .execute();
    await raise(trx, h, 'resolved', `${h.name} pinged again`, now);
    return { status: 'up' };
  });
}

/** The watcher: every heartbeat past its deadline goes down and fires its alert, once. */
export async function checkHeartbeats({ ctx }: { ctx: ServiceContext }): Promise<number> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const late = await trx
      .selectFrom('heartbeats')
      .selectAll()
      .where('deleted_at', 'is', null)
      .where('status', '!=', 'down')
      .where('deadline_at', '<=', now)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const h of late) {
      const why =
        h.status === 'running'
          ? `${h.name} started at ${h.last_start_at?.toISOString()} and has not finished within its grace time (${h.grace})`
          : h.last_ping_at
            ? `${h.name} has not pinged since ${h.last_ping_at.toISOString()}; it was due by ${h.deadline_at?.toISOString()}`
            : `${h.name} has never pinged; the first ping was due by ${h.deadline_at?.toISOString()}`;
      await trx
        .updateTable('heartbeats')
        .set({ status: 'down', updated_at: now })
        .where('id', '=', h.id)
        .execute();
      await raise(trx, h, 'firing', why, now);
    }
    return late.length;
  });
}
