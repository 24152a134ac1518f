import { z } from 'zod';
import { AppError, notFound } from '../domain/errors.js';
import { MONITOR_KINDS } from '../domain/monitor.js';
import { findLiveMonitor } from '../store/repositories/monitors.js';
import { findLiveSource } from '../store/repositories/sources.js';
import type { MonitorRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import type { PreviewSlots } from './preview-slots.js';
import { scheduleSchema, validateKindConfig } from './monitors.js';
import { evaluateMonitor, type RunMonitorDeps } from './run-monitor.js';

export const monitorPreviewInputSchema = z
  .object({
    kind: z.enum(MONITOR_KINDS),
    source: z.string().min(1).describe('Source id or name'),
    asset: z.string().min(1).max(500).describe('The table, as schema.table'),
    config: z.record(z.string(), z.unknown()).default({}),
    schedule: scheduleSchema.optional(),
    name: z.string().max(200).optional(),
    monitor: z
      .string()
      .optional()
      .describe(
        'A saved monitor (id or name) being edited: its learned history judges the value, unless the source or table changed',
      ),
  })
  .strict();

export type MonitorPreviewInput = z.output<typeof monitorPreviewInputSchema>;

export interface MonitorPreview {
  at: string;
  status: string;
  observed: number | null;
  expected: { lower: number | null; upper: number | null } | null;
  score: number | null;
  message: string;
  details: unknown;
  durationMs: number;
  cost: { queries: number; queryMs: number; rowsScanned: number | null; bytesScanned: number | null };
  /** True when a saved monitor's learned history judged the value; a new spec has none yet. */
  usedHistory: boolean;
}

/**
 * Runs a monitor spec once against its source and answers what it saw, storing nothing: no check
 * result, metric point, detector state or alert. The same collect-and-judge step as a scheduled
 * run (evaluateMonitor), so a preview shows what the first real run would. With `slots`, the
 * preview holds one of them while it runs and is refused (RATE_LIMITED) when none is free.
 */
export async function previewMonitor({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { spec: MonitorPreviewInput; deps: RunMonitorDeps; slots?: PreviewSlots | undefined };
}): Promise<MonitorPreview> {
  const { spec } = input;
  validateKindConfig(spec.kind, spec.config);
  const source = await findLiveSource(ctx.store.db, spec.source);
  if (!source)
    throw new AppError('VALIDATION_FAILED', `no source ${spec.source}`, [
      { path: 'source', message: 'no such source' },
    ]);
  let saved: MonitorRow | undefined;
  if (spec.monitor) {
    saved = await findLiveMonitor(ctx.store.db, spec.monitor);
    if (!saved) throw notFound('monitor', spec.monitor);
    if (saved.kind !== spec.kind)
      throw new AppError('VALIDATION_FAILED', `monitor "${saved.name}" is a ${saved.kind} monitor`, [
        { path: 'kind', message: 'a monitor keeps its kind' },
      ]);
  }
  // Learned history only describes the data it was learned on, as updateMonitor's relearn rule says.
  const history = saved && saved.source_id === source.id && saved.asset === spec.asset ? saved : undefined;
  const now = ctx.clock.now();
  const row: MonitorRow = {
    id: saved?.id ?? 'preview',
    name: spec.name || saved?.name || 'preview',
    kind: spec.kind,
    source_id: source.id,
    asset: spec.asset,
    config: spec.config,
    schedule: spec.schedule ?? saved?.schedule ?? { every: '1h' },
    severity: saved?.severity ?? 'log',
    owner: saved?.owner ?? null,
    labels: saved?.labels ?? {},
    runbook: null,
    description: '',
    enabled: true,
    paused_reason: null,
    origin: 'api',
    detector_state: history?.detector_state ?? null,
    next_run_at: now,
    lease_owner: null,
    lease_expires_at: null,
    last_status: null,
    last_run_at: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
    deleted_by: null,
  };
  const evaluate = () => evaluateMonitor(ctx, row, source, input.deps);
  const e = input.slots
    ? await input.slots.run(`${ctx.actor.kind}:${ctx.actor.id}`, source.id, evaluate)
    : await evaluate();
  return {
    at: e.at.toISOString(),
    status: e.outcome.status,
    observed: e.outcome.observed,
    expected: e.outcome.expected ?? null,
    score: e.outcome.score,
    message: e.outcome.message,
    details: e.outcome.details ?? null,
    durationMs: e.durationMs,
    cost: {
      queries: e.run.cost.queries,
      queryMs: Math.round(e.run.cost.wallMs),
      rowsScanned: e.run.cost.rowsScanned ?? null,
      bytesScanned: e.run.cost.bytesScanned ?? null,
    },
    usedHistory: history !== undefined,
  };
}
