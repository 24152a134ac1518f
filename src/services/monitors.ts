import { z } from 'zod';
import { AppError, notFound } from '../domain/errors.js';
import {
  MONITOR_KINDS,
  type Monitor,
  type MonitorKind,
  parseDuration,
  SEVERITIES,
} from '../domain/monitor.js';
import { json } from '../store/executor.js';
import { newId } from '../store/ids.js';
import {
  findLiveMonitor,
  insertMonitor,
  listLiveMonitors,
  type MonitorFilter,
  updateMonitorRow,
} from '../store/repositories/monitors.js';
import { findLiveSource } from '../store/repositories/sources.js';
import { liveNameTaken } from '../store/trash.js';
import { mutate, type ServiceContext } from './context.js';
import { monitorKind } from './monitor-kinds/registry.js';
import { toMonitor } from './monitor-views.js';
import { moveToTrash } from './trash.js';
import { Cron } from 'croner';

export const scheduleSchema = z.union([
  z
    .object({
      every: z
        .string()
        .refine(
          (s) => (parseDuration(s) ?? 0) >= 10_000,
          'a duration such as 30s, 5m, 1h or 1d (at least 10s)',
        ),
    })
    .strict(),
  z
    .object({ cron: z.string().min(1), timeZone: z.string().optional() })
    .strict()
    .superRefine((s, ctx) => {
      try {
        new Cron(s.cron, { timezone: s.timeZone ?? 'UTC', paused: true });
      } catch (e) {
        ctx.addIssue({
          code: 'custom',
          message: `not a valid cron expression or time zone: ${(e as Error).message}`,
          path: ['cron'],
        });
      }
    }),
]);

export const monitorInputSchema = z
  .object({
    name: z.string().min(1).max(200),
    kind: z.enum(MONITOR_KINDS),
    source: z.string().min(1).describe('Source id or name'),
    asset: z.string().min(1).max(500).describe('The table, as schema.table'),
    config: z.record(z.string(), z.unknown()).default({}),
    schedule: scheduleSchema.default({ every: '1h' }),
    severity: z.enum(SEVERITIES).default('ticket'),
    owner: z.string().max(200).nullable().optional(),
    labels: z.record(z.string(), z.string()).default({}),
    runbook: z.string().max(10_000).nullable().optional(),
    description: z.string().max(5_000).default(''),
    enabled: z.boolean().default(true),
  })
  .strict();

export type MonitorInput = z.input<typeof monitorInputSchema>;
type ParsedInput = z.output<typeof monitorInputSchema>;

/** The kind's own config schema checks `config`; problems come back with their field paths. */
export function validateKindConfig(kind: MonitorKind, config: Record<string, unknown>): void {
  const parsed = monitorKind(kind).configSchema.safeParse(config);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      path: ['config', ...i.path].join('.'),
      message: i.message,
    }));
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid ${kind} config: ${details.map((d) => d.path).join(', ')}`,
      details,
    );
  }
}

export async function listMonitors({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: MonitorFilter;
}): Promise<Monitor[]> {
  return (await listLiveMonitors(ctx.store.db, input)).map(toMonitor);
}

export async function getMonitor({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<Monitor> {
  const row = await findLiveMonitor(ctx.store.db, input.id);
  if (!row) throw notFound('monitor', input.id);
  return toMonitor(row);
}

export async function createMonitor({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ParsedInput & { origin?: 'api' | 'code' };
}): Promise<Monitor> {
  validateKindConfig(input.kind, input.config);
  return mutate(ctx, async (trx) => {
    const source = await findLiveSource(trx, input.source);
    if (!source)
      throw new AppError('VALIDATION_FAILED', `no source ${input.source}`, [
        { path: 'source', message: 'no such source' },
      ]);
    if (await liveNameTaken(trx, 'monitor', input.name))
      throw new AppError('CONFLICT', `a monitor named "${input.name}" exists already`);
    const now = ctx.clock.now();
    const row = {
      id: newId('mon', now.getTime()),
      name: input.name,
      kind: input.kind,
      source_id: source.id,
      asset: input.asset,
      config: json(input.config),
      schedule: json(input.schedule),
      severity: input.severity,
      owner: input.owner ?? null,
      labels: json(input.labels),
      runbook: input.runbook ?? null,
      description: input.description,
      enabled: input.enabled,
      paused_reason: null,
      origin: input.origin ?? 'api',
      detector_state: null,
      next_run_at: now, // due at once: the first run records the baseline
      created_at: now,
      updated_at: now,
    };
    await insertMonitor(trx, row);
    const monitor = await findLiveMonitor(trx, row.id);
    const view = toMonitor(monitor!);
    return {
      result: view,
      audit: {
        action: 'monitor.create',
        targetType: 'monitor',
        targetId: row.id,
        summary: `created ${input.kind} monitor "${input.name}" on ${input.asset}`,
        after: view,
      },
    };
  });
}

export type MonitorPatch = Partial<Omit<ParsedInput, 'kind'>>;

export async function updateMonitor({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; patch: MonitorPatch };
}): Promise<Monitor> {
  return mutate(ctx, async (trx) => {
    const row = await findLiveMonitor(trx, input.id);
    if (!row) throw notFound('monitor', input.id);
    const before = toMonitor(row);
    const p = input.patch;
    if (p.config) validateKindConfig(before.kind, p.config);
    if (p.name && p.name !== row.name && (await liveNameTaken(trx, 'monitor', p.name)))
      throw new AppError('CONFLICT', `a monitor named "${p.name}" exists already`);
    let sourceId = row.source_id;
    if (p.source) {
      const source = await findLiveSource(trx, p.source);
      if (!source)
        throw new AppError('VALIDATION_FAILED', `no source ${p.source}`, [
          { path: 'source', message: 'no such source' },
        ]);
      sourceId = source.id;
    }
    const now = ctx.clock.now();
    // A monitor that now watches other data must learn it afresh.
    const relearn = sourceId !== row.source_id || (p.asset !== undefined && p.asset !== row.asset);
    await updateMonitorRow(trx, row.id, {
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.asset !== undefined ? { asset: p.asset } : {}),
      ...(p.config !== undefined ? { config: json(p.config) } : {}),
      ...(p.schedule !== undefined ? { schedule: json(p.schedule), next_run_at: now } : {}),
      ...(p.severity !== undefined ? { severity: p.severity } : {}),
      ...(p.owner !== undefined ? { owner: p.owner } : {}),
      ...(p.labels !== undefined ? { labels: json(p.labels) } : {}),
      ...(p.runbook !== undefined ? { runbook: p.runbook } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.enabled !== undefined ? { enabled: p.enabled, paused_reason: null } : {}),
      ...(relearn ? { detector_state: null } : {}),
      source_id: sourceId,
      updated_at: now,
    });
    const after = toMonitor((await findLiveMonitor(trx, row.id))!);
    return {
      result: after,
      audit: {
        action: 'monitor.update',
        targetType: 'monitor',
        targetId: row.id,
        summary: `updated monitor "${after.name}"`,
        before,
        after,
      },
    };
  });
}

export async function deleteMonitor({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<void> {
  await mutate(ctx, async (trx) => {
    const row = await findLiveMonitor(trx, input.id);
    if (!row) throw notFound('monitor', input.id);
    await moveToTrash(trx, ctx, 'monitor', row.id);
    return {
      result: undefined,
      audit: {
        action: 'monitor.delete',
        targetType: 'monitor',
        targetId: row.id,
        summary: `moved monitor "${row.name}" to the trash`,
        before: toMonitor(row),
      },
    };
  });
}
