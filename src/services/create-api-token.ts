import type { ApiTokenView } from '../domain/api-token.js';
import type { Role } from '../domain/roles.js';
import { newId } from '../store/ids.js';
import { insertApiToken } from '../store/repositories/api-tokens.js';
import type { ApiTokenRow } from '../store/schema.js';
import { generateTokenSecret, hashTokenSecret, tokenDisplayPrefix } from './api-token-secret.js';
import { mutate, type ServiceContext } from './context.js';

export interface CreateApiTokenInput {
  name: string;
  role: Role;
  expiresAt?: Date | undefined;
  /** Use this secret instead of a random one (VIGIL_ADMIN_TOKEN at first start). */
  secret?: string | undefined;
}

export function toApiTokenView(row: ApiTokenRow): ApiTokenView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    lastUsedAt: iso(row.last_used_at),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
  };
}

/** Creates a token; the secret is returned this once and only its hash is kept. */
export async function createApiToken({ ctx, input }: { ctx: ServiceContext; input: CreateApiTokenInput }) {
  const secret = input.secret ?? generateTokenSecret();
  const row: ApiTokenRow = {
    id: newId('tok', ctx.clock.now().getTime()),
    name: input.name,
    role: input.role,
    token_hash: hashTokenSecret(secret),
    prefix: tokenDisplayPrefix(secret),
    created_at: ctx.clock.now(),
    created_by: ctx.actor.name,
    last_used_at: null,
    expires_at: input.expiresAt ?? null,
    revoked_at: null,
  };
  const token = await mutate(ctx, async (trx) => {
    await insertApiToken(trx, row);
    const view = toApiTokenView(row);
    return {
      result: view,
      audit: {
        action: 'token.create',
        targetType: 'api_token',
        targetId: row.id,
        summary: `created ${input.role} token "${input.name}"`,
        after: view,
      },
    };
  });
  return { token, secret };
}
