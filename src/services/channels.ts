import { AppError, notFound } from '../domain/errors.js';
import {
  type ChannelConfig,
  channelConfigSchema,
  checkChannelTargets,
  createNotifier,
  type NotifierDeps,
  splitSecrets,
  testMessage,
} from '../notify/index.js';
import { json } from '../store/executor.js';
import { newId } from '../store/ids.js';
import type { ChannelRow } from '../store/schema.js';
import { liveNameTaken } from '../store/trash.js';
import { mutate, type ServiceContext } from './context.js';
import { moveToTrash } from './trash.js';

export interface ChannelView {
  id: string;
  name: string;
  kind: string;
  description: string;
  config: Record<string, unknown>;
  secretFields: string[];
  createdAt: string;
  updatedAt: string;
}

const toView = (row: ChannelRow, secretFields: string[]): ChannelView => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  description: row.description,
  config: row.config,
  secretFields,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/**
 * Validates a channel's settings with its kind's schema (paths under body.config) and refuses a
 * target the SSRF guard refuses, with the reason, before anything is saved.
 */
async function validated(
  name: string,
  kind: string,
  fields: Record<string, unknown>,
  deps: Pick<NotifierDeps, 'policy'>,
): Promise<ChannelConfig> {
  const parsed = channelConfigSchema.safeParse({ ...fields, kind, name });
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      path: `body.config.${i.path.join('.')}`,
      message: i.message,
    }));
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid ${kind} channel: ${details.map((d) => d.path).join(', ')}`,
      details,
    );
  }
  const target = await checkChannelTargets(parsed.data, deps.policy);
  if (!target.ok) {
    throw new AppError('VALIDATION_FAILED', `refused ${target.field}: ${target.reason}`, [
      { path: `body.config.${target.field}`, message: target.reason },
    ]);
  }
  return parsed.data;
}

const openRow = (ctx: ServiceContext, row: ChannelRow) => ({
  ...row.config,
  ...(row.secrets ? ctx.secrets.open(row.secrets) : {}),
});

export async function listChannels({ ctx }: { ctx: ServiceContext }): Promise<ChannelView[]> {
  const rows = await ctx.store.db
    .selectFrom('channels')
    .selectAll()
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute();
  return rows.map((r) => toView(r, r.secrets ? Object.keys(ctx.secrets.open(r.secrets)).sort() : []));
}

async function findChannel(ctx: ServiceContext, idOrName: string): Promise<ChannelRow> {
  const row = await ctx.store.db
    .selectFrom('channels')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('channel', idOrName);
  return row;
}

export async function createChannel({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    name: string;
    kind: string;
    description?: string | undefined;
    config: Record<string, unknown>;
    deps: Pick<NotifierDeps, 'policy'>;
  };
}) {
  const channel = await validated(input.name, input.kind, input.config, input.deps);
  const { config, secrets } = splitSecrets(channel);
  return mutate(ctx, async (trx) => {
    if (await liveNameTaken(trx, 'channel', input.name))
      throw new AppError('CONFLICT', `a channel named "${input.name}" exists already`);
    const now = ctx.clock.now();
    const { kind: _k, name: _n, ...shown } = config;
    const row: ChannelRow = {
      id: newId('chn', now.getTime()),
      name: input.name,
      kind: input.kind,
      description: input.description ?? '',
      config: shown,
      secrets: Object.keys(secrets).length ? ctx.secrets.seal(secrets) : null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      deleted_by: null,
    };
    await trx
      .insertInto('channels')
      .values({ ...row, config: json(row.config) })
      .execute();
    const view = toView(row, Object.keys(secrets).sort());
    return {
      result: view,
      audit: {
        action: 'channel.create',
        targetType: 'channel',
        targetId: row.id,
        summary: `created ${input.kind} channel "${input.name}"`,
        after: view,
      },
    };
  });
}

export async function deleteChannel({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  const row = await findChannel(ctx, input.id);
  await mutate(ctx, async (trx) => {
    await moveToTrash(trx, ctx, 'channel', row.id);
    return {
      result: undefined,
      audit: {
        action: 'channel.delete',
        targetType: 'channel',
        targetId: row.id,
        summary: `moved channel "${row.name}" to the trash`,
      },
    };
  });
}

/** "Send a test message": the channel's real delivery path, answered with its outcome. */
export async function testChannel({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; deps: Omit<NotifierDeps, 'clock'> };
}) {
  const row = await findChannel(ctx, input.id);
  const channel = channelConfigSchema.parse({ ...openRow(ctx, row), kind: row.kind, name: row.name });
  return createNotifier(channel, { ...input.deps, clock: ctx.clock }).sendTest();
}

export { testMessage };
