import { notFound } from '../domain/errors.js';
import { findApiToken, markApiTokenRevoked } from '../store/repositories/api-tokens.js';
import { mutate, type ServiceContext } from './context.js';
import { toApiTokenView } from './create-api-token.js';

export async function revokeApiToken({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  return mutate(ctx, async (trx) => {
    const row = await findApiToken(trx, input.id);
    if (!row) throw notFound('token', input.id);
    const before = toApiTokenView(row);
    const at = row.revoked_at ?? ctx.clock.now();
    await markApiTokenRevoked(trx, row.id, at);
    const after = { ...before, revokedAt: at.toISOString() };
    return {
      result: after,
      audit: {
        action: 'token.revoke',
        targetType: 'api_token',
        targetId: row.id,
        summary: `revoked token "${row.name}"`,
        before,
        after,
      },
    };
  });
}
