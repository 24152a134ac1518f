import { randomBytes } from 'node:crypto';
import { AppError, notFound } from '../../domain/errors.js';
import {
  applyWebhookMapping,
  parseWebhookMapping,
  type WebhookMapping,
} from '../../ingest/webhook-mapping/index.js';
import { storableJson } from '../../ingest/shared/storable.js';
import { json } from '../../store/executor.js';
import { newId } from '../../store/ids.js';
import type { InboundIntegrationRow } from '../../store/schema-alerting.js';
import { hashTokenSecret } from '../api-token-secret.js';
import { mutate, type ServiceContext } from '../context.js';
import { ingestExternalAlerts } from './ingest-external-alerts.js';

/**
 * Generic inbound webhooks: Grafana, Datadog, CloudWatch (via SNS) … post their own JSON; a saved
 * field mapping per integration picks title, severity, fingerprint, status and labels out of it.
 * Each integration has its own token, in its URL (senders rarely let you set headers).
 */
const pointerToPath = (pointer: string) =>
  `body${pointer
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('')}`;

export const toIntegrationView = (r: InboundIntegrationRow) => ({
  id: r.id,
  name: r.name,
  mapping: r.mapping,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
});

function checkedMapping(name: string, mapping: unknown): WebhookMapping {
  // Paths and map words the store can keep (jsonb refuses NUL and lone surrogates).
  const storable = storableJson(mapping);
  const parsed = storable.ok
    ? parseWebhookMapping({ ...(storable.value as Record<string, unknown>), name })
    : storable;
  if (!parsed.ok) {
    const details = parsed.errors.map((e) => ({
      path: pointerToPath(`/mapping${e.path}`),
      message: e.message,
    }));
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid mapping: ${details.map((d) => d.path).join(', ')}`,
      details,
    );
  }
  return parsed.value;
}

/** Creates an integration; its token (and so its URL) is in this answer only. */
export async function createIntegration({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { name: string; mapping: unknown };
}) {
  const mapping = checkedMapping(input.name, input.mapping);
  const token = `in_${randomBytes(18).toString('base64url')}`;
  const now = ctx.clock.now();
  return mutate(ctx, async (trx) => {
    const taken = await trx
      .selectFrom('inbound_integrations')
      .select('id')
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (taken) throw new AppError('CONFLICT', `an integration named "${input.name}" exists already`);
    const row: InboundIntegrationRow = {
      id: newId('int', now.getTime()),
      name: input.name,
      token_hash: hashTokenSecret(token),
      mapping: mapping as unknown as Record<string, unknown>,
      created_at: now,
      updated_at: now,
      last_used_at: null,
    };
    await trx
      .insertInto('inbound_integrations')
      .values({ ...row, mapping: json(row.mapping) })
      .execute();
    return {
      result: { integration: toIntegrationView(row), token },
      audit: {
        action: 'integration.create',
        targetType: 'integration',
        targetId: row.id,
        summary: `created inbound integration ${input.name}`,
      },
    };
  });
}

/** Replaces an integration's mapping; the token stays. */
export async function updateIntegrationMapping({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { name: string; mapping: unknown };
}) {
  const mapping = checkedMapping(input.name, input.mapping);
  return mutate(ctx, async (trx) => {
    const row = await trx
      .updateTable('inbound_integrations')
      .set({ mapping: json(mapping), updated_at: ctx.clock.now() })
      .where('name', '=', input.name)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound('integration', input.name);
    return {
      result: toIntegrationView(row),
      audit: {
        action: 'integration.update',
        targetType: 'integration',
        targetId: row.id,
        summary: `changed the mapping of ${input.name}`,
      },
    };
  });
}

export async function deleteIntegration({ ctx, input }: { ctx: ServiceContext; input: { name: string } }) {
  return mutate(ctx, async (trx) => {
    const gone = await trx
      .deleteFrom('inbound_integrations')
      .where('name', '=', input.name)
      .returning('id')
      .executeTakeFirst();
    if (!gone) throw notFound('integration', input.name);
    return {
      result: undefined,
      audit: {
        action: 'integration.delete',
        targetType: 'integration',
        targetId: gone.id,
        summary: `deleted inbound integration ${input.name}`,
      },
    };
  });
}

/**
 * Takes one body posted to an integration's URL. A body the mapping cannot read is refused with
 * the path of each field at fault, and nothing is stored.
 */
export async function ingestInboundWebhook({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { token: string; body: unknown };
}) {
  const row = await ctx.store.db
    .selectFrom('inbound_integrations')
    .selectAll()
    .where('token_hash', '=', hashTokenSecret(input.token))
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'no integration has this token');
  const parsed = applyWebhookMapping(row.mapping as unknown as WebhookMapping, input.body);
  if (!parsed.ok) {
    const details = parsed.errors.map((e) => ({ path: pointerToPath(e.path), message: e.message }));
    throw new AppError(
      'VALIDATION_FAILED',
      `the body does not fit the ${row.name} mapping: ${details.map((d) => d.path).join(', ')}`,
      details,
    );
  }
  const changes = await ingestExternalAlerts({
    ctx: {
      ...ctx,
      actor: { kind: 'system', id: row.id, name: `integration ${row.name}`, role: 'responder' },
    },
    input: { alerts: [parsed.value] },
  });
  await ctx.store.db
    .updateTable('inbound_integrations')
    .set({ last_used_at: ctx.clock.now() })
    .where('id', '=', row.id)
    .execute();
  return { integration: row.name, changes };
}
