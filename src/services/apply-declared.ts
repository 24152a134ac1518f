import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../domain/errors.js';
import type { Monitor } from '../domain/monitor.js';
import { listLiveMonitors } from '../store/repositories/monitors.js';
import { findLiveSource } from '../store/repositories/sources.js';
import type { ServiceContext } from './context.js';
import {
  createMonitor,
  deleteMonitor,
  type MonitorInput,
  monitorInputSchema,
  updateMonitor,
  validateKindConfig,
} from './monitors.js';
import { toMonitor } from './monitor-views.js';
import { createSource, updateSource } from './sources.js';

export interface DeclaredSource {
  name: string;
  kind: string;
  description?: string | undefined;
  [field: string]: unknown;
}

/** Checks a declared source's engine fields and splits them into shown config and sealed secrets. */
export type SourceValidator = (
  kind: string,
  fields: Record<string, unknown>,
) =>
  | { ok: true; config: Record<string, unknown>; secrets: Record<string, unknown> }
  | { ok: false; errors: Array<{ path: string; message: string }> };

export interface ApplyChange {
  action: 'create' | 'update' | 'delete' | 'unchanged';
  type: 'source' | 'monitor' | 'slo';
  name: string;
  /** The fields that differ, for updates. */
  fields?: string[];
}

const MONITOR_FIELDS = [
  'asset',
  'config',
  'schedule',
  'severity',
  'owner',
  'labels',
  'runbook',
  'description',
  'enabled',
] as const;

function changedMonitorFields(
  current: Monitor,
  declared: ReturnType<typeof monitorInputSchema.parse>,
  sourceId: string,
): string[] {
  const fields: string[] = MONITOR_FIELDS.filter(
    (f) => !isDeepStrictEqual(current[f] ?? null, declared[f] ?? null),
  );
  if (current.sourceId !== sourceId) fields.push('source');
  if (current.kind !== declared.kind) fields.push('kind');
  return fields;
}

/**
 * Syncs sources and monitors declared as code (vigil.yaml, monitors/*.yaml) into the store and
 * says what changed. Monitors declared as code that are no longer declared go to the trash;
 * sources are never removed by apply (monitors made by hand may still use them).
 */
export async function applyDeclared({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    sources: DeclaredSource[];
    monitors: MonitorInput[];
    dryRun: boolean;
    validateSource: SourceValidator;
  };
}): Promise<ApplyChange[]> {
  const changes: ApplyChange[] = [];
  const problems: Array<{ path: string; message: string }> = [];
  const validated = input.sources.map((s, i) => {
    const { name, kind, description, ...fields } = s;
    const v = input.validateSource(kind, { kind, ...fields });
    if (!v.ok)
      for (const e of v.errors) problems.push({ path: `sources[${i}].${e.path}`, message: e.message });
    return { name, kind, description, v };
  });
  const monitors = input.monitors.map((m) => monitorInputSchema.parse(m));
  // Everything is checked before anything is written, so a mistake in one file changes nothing.
  const declaredSources = new Set(input.sources.map((s) => s.name));
  for (const [i, m] of monitors.entries()) {
    try {
      validateKindConfig(m.kind, m.config);
    } catch (e) {
      for (const d of (e as AppError).details ?? [])
        problems.push({ path: `monitors[${i}].${d.path}`, message: d.message });
    }
    if (!declaredSources.has(m.source) && !(await findLiveSource(ctx.store.db, m.source))) {
      problems.push({ path: `monitors[${i}].source`, message: `no source named ${m.source}` });
    }
  }
  if (problems.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid declarations: ${problems.map((p) => p.path).join(', ')}`,
      problems,
    );

  for (const { name, kind, description, v } of validated) {
    if (!v.ok) continue;
    const existing = await findLiveSource(ctx.store.db, name);
    if (!existing) {
      changes.push({ action: 'create', type: 'source', name });
      if (!input.dryRun)
        await createSource({ ctx, input: { name, kind, description, config: v.config, secrets: v.secrets } });
      continue;
    }
    const secrets = existing.secrets ? ctx.secrets.open(existing.secrets) : {};
    const fields = [
      ...(isDeepStrictEqual(existing.config, v.config) ? [] : ['config']),
      ...(isDeepStrictEqual(secrets, v.secrets) ? [] : ['secrets']),
      ...((description ?? '') === existing.description ? [] : ['description']),
    ];
    if (existing.kind !== kind)
      throw new AppError(
        'CONFLICT',
        `source "${name}" is a ${existing.kind} source; a declared source cannot change kind`,
      );
    changes.push({
      action: fields.length ? 'update' : 'unchanged',
      type: 'source',
      name,
      ...(fields.length ? { fields } : {}),
    });
    if (fields.length && !input.dryRun) {
      const removed = Object.fromEntries(
        Object.keys(secrets)
          .filter((k) => !(k in v.secrets))
          .map((k) => [k, null]),
      );
      await updateSource({
        ctx,
        input: {
          id: existing.id,
          patch: { config: v.config, secrets: { ...removed, ...v.secrets }, description: description ?? '' },
        },
      });
    }
  }

  const current = new Map((await listLiveMonitors(ctx.store.db)).map((r) => [r.name, toMonitor(r)]));
  const declaredNames = new Set<string>();
  for (const m of monitors) {
    declaredNames.add(m.name);
    const existing = current.get(m.name);
    const source = await findLiveSource(ctx.store.db, m.source);
    if (!existing) {
      changes.push({ action: 'create', type: 'monitor', name: m.name });
      if (!input.dryRun) await createMonitor({ ctx, input: { ...m, origin: 'code' } });
      continue;
    }
    if (existing.kind !== m.kind)
      throw new AppError(
        'CONFLICT',
        `monitor "${m.name}" is a ${existing.kind} monitor; delete it to declare it as ${m.kind}`,
      );
    const fields = source ? changedMonitorFields(existing, m, source.id) : ['source'];
    changes.push({
      action: fields.length ? 'update' : 'unchanged',
      type: 'monitor',
      name: m.name,
      ...(fields.length ? { fields } : {}),
    });
    if (fields.length && !input.dryRun) {
      const { kind: _kind, ...patch } = m;
      await updateMonitor({ ctx, input: { id: existing.id, patch } });
    }
  }
  for (const [name, m] of current) {
    if (m.origin !== 'code' || declaredNames.has(name)) continue;
    changes.push({ action: 'delete', type: 'monitor', name });
    if (!input.dryRun) await deleteMonitor({ ctx, input: { id: m.id } });
  }
  return changes;
}
