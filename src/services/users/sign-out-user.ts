import { findApiToken, markApiTokenRevoked } from '../../store/repositories/api-tokens.js';
import { mutate, type ServiceContext } from '../context.js';
import { isSessionTokenName } from './user-records.js';

/**
 * Ends the password session the request came with: its token is revoked, so a copy of it left in
 * a browser or a log is refused from now on. An API token is left alone (it may serve scripts;
 * revoke it on purpose under API tokens): the answer says whether a session ended.
 */
export async function signOutUser({ ctx }: { ctx: ServiceContext }): Promise<{ ended: boolean }> {
  const row = ctx.actor.kind === 'token' ? await findApiToken(ctx.store.db, ctx.actor.id) : undefined;
  if (!row || !isSessionTokenName(row.name) || row.revoked_at) return { ended: false };
  return mutate(ctx, async (trx) => {
    await markApiTokenRevoked(trx, row.id, ctx.clock.now());
    return {
      result: { ended: true },
      audit: {
        action: 'user.sign_out',
        targetType: 'api_token',
        targetId: row.id,
        summary: `${row.created_by} signed out; the session token was revoked`,
      },
    };
  });
}
