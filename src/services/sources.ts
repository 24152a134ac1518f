import { AppError, notFound } from '../domain/errors.js';
import type { SourceView } from '../domain/source.js';
import { json } from '../store/executor.js';
import { newId } from '../store/ids.js';
import {
  findLiveSource,
  insertSource,
  listLiveSources,
  updateSource as updateSourceRow,
} from '../store/repositories/sources.js';
import type { SourceRow } from '../store/schema.js';
import { liveNameTaken } from '../store/trash.js';
import type { SourceValidator } from './apply-declared.js';
import { mutate, type ServiceContext } from './context.js';
import { moveToTrash } from './trash.js';

export interface SourceInput {
  name: string;
  kind: string;
  description?: string | undefined;
  config: Record<string, unknown>;
  /** Write-only values (passwords, tokens); sealed before they are stored. */
  secrets?: Record<string, unknown> | undefined;
}

/**
 * Checks the engine's fields when a validator is given and moves secret fields out of `config`
 * (a password sent in config is still sealed, never stored in clear).
 */
function checked(
  validate: SourceValidator | undefined,
  kind: string,
  config: Record<string, unknown>,
  secrets: Record<string, unknown>,
) {
  if (!validate) return { config, secrets };
  const v = validate(kind, { ...config, ...secrets });
  if (!v.ok) {
    const details = v.errors.map((e) => ({ path: `body.config.${e.path}`, message: e.message }));
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid ${kind} source: ${details.map((d) => d.path).join(', ')}`,
      details,
    );
  }
  return { config: v.config, secrets: v.secrets };
}

function toView(row: SourceRow, secretFields: string[]): SourceView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    description: row.description,
    config: row.config,
    secretFields,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function secretFieldsOf(ctx: ServiceContext, row: SourceRow): string[] {
  return row.secrets ? Object.keys(ctx.secrets.open(row.secrets)).sort() : [];
}

export async function listSources({ ctx }: { ctx: ServiceContext }): Promise<SourceView[]> {
  const rows = await listLiveSources(ctx.store.db);
  return rows.map((r) => toView(r, secretFieldsOf(ctx, r)));
}

export async function getSource({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<SourceView> {
  const row = await findLiveSource(ctx.store.db, input.id);
  if (!row) throw notFound('source', input.id);
  return toView(row, secretFieldsOf(ctx, row));
}

export async function createSource({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: SourceInput & { validate?: SourceValidator | undefined };
}): Promise<SourceView> {
  const fields = checked(input.validate, input.kind, input.config, input.secrets ?? {});
  return mutate(ctx, async (trx) => {
    if (await liveNameTaken(trx, 'source', input.name))
      throw new AppError('CONFLICT', `a source named "${input.name}" exists already`);
    const now = ctx.clock.now();
    const row: SourceRow = {
      id: newId('src', now.getTime()),
      name: input.name,
      kind: input.kind,
      description: input.description ?? '',
      config: fields.config,
      secrets: Object.keys(fields.secrets).length > 0 ? ctx.secrets.seal(fields.secrets) : null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      deleted_by: null,
    };
    await insertSource(trx, { ...row, config: json(row.config) });
    const view = toView(row, Object.keys(fields.secrets).sort());
    return {
      result: view,
      audit: {
        action: 'source.create',
        targetType: 'source',
        targetId: row.id,
        summary: `created ${input.kind} source "${input.name}"`,
        after: view,
      },
    };
  });
}

export interface SourcePatch {
  name?: string | undefined;
  description?: string | undefined;
  config?: Record<string, unknown> | undefined;
  /** Merged into the stored secrets; a null value removes that secret. */
  secrets?: Record<string, unknown> | undefined;
}

export async function updateSource({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; patch: SourcePatch; validate?: SourceValidator | undefined };
}): Promise<SourceView> {
  return mutate(ctx, async (trx) => {
    const row = await findLiveSource(trx, input.id);
    if (!row) throw notFound('source', input.id);
    const { patch } = input;
    if (patch.name && patch.name !== row.name && (await liveNameTaken(trx, 'source', patch.name))) {
      throw new AppError('CONFLICT', `a source named "${patch.name}" exists already`);
    }
    const before = toView(row, secretFieldsOf(ctx, row));
    let secrets = row.secrets ? ctx.secrets.open(row.secrets) : {};
    if (patch.secrets) {
      secrets = { ...secrets, ...patch.secrets };
      for (const [k, v] of Object.entries(secrets)) if (v === null) delete secrets[k];
    }
    const fields = checked(input.validate, row.kind, patch.config ?? row.config, secrets);
    secrets = fields.secrets;
    const next: SourceRow = {
      ...row,
      name: patch.name ?? row.name,
      description: patch.description ?? row.description,
      config: fields.config,
      secrets: Object.keys(secrets).length > 0 ? ctx.secrets.seal(secrets) : null,
      updated_at: ctx.clock.now(),
    };
    await updateSourceRow(trx, row.id, {
      name: next.name,
      description: next.description,
      config: json(next.config),
      secrets: next.secrets,
      updated_at: next.updated_at,
    });
    const after = toView(next, Object.keys(secrets).sort());
    return {
      result: after,
      audit: {
        action: 'source.update',
        targetType: 'source',
        targetId: row.id,
        summary: `updated source "${next.name}"`,
        before,
        after,
      },
    };
  });
}

export async function deleteSource({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<void> {
  await mutate(ctx, async (trx) => {
    const row = await findLiveSource(trx, input.id);
    if (!row) throw notFound('source', input.id);
    await moveToTrash(trx, ctx, 'source', row.id);
    return {
      result: undefined,
      audit: {
        action: 'source.delete',
        targetType: 'source',
        targetId: row.id,
        summary: `moved source "${row.name}" to the trash`,
        before: toView(row, secretFieldsOf(ctx, row)),
      },
    };
  });
}
