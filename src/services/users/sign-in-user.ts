import { AppError } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';
import { newId } from '../../store/ids.js';
import { insertApiToken } from '../../store/repositories/api-tokens.js';
import { generateTokenSecret, hashTokenSecret, tokenDisplayPrefix } from '../api-token-secret.js';
import { mutate, type ServiceContext } from '../context.js';
import { decoyHash, verifyPassword } from './password-hash.js';
import { findUserByName, sessionTokenName } from './user-records.js';

export const SESSION_HOURS = 12;

export interface SignInAnswer {
  token: string;
  user: { name: string; role: Role };
  expiresAt: string;
}

const refused = () => new AppError('UNAUTHENTICATED', 'that user name and password were not accepted');

/**
 * Password sign-in: a right name and password give a session token with the user's role, valid
 * for SESSION_HOURS. The token is an ordinary API token, so every route checks it the same way.
 */
export async function signInUser({
  ctx,
  input,
}: {
  ctx: Omit<ServiceContext, 'actor'>;
  input: { name: string; password: string };
}): Promise<SignInAnswer> {
  const user = await findUserByName(ctx.store.db, input.name);
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await decoyHash()));
  if (!user?.password_hash || !ok || user.disabled_at) throw refused();
  const role = user.role as Role;
  const actor = { kind: 'user' as const, id: user.id, name: user.name, role };
  const secret = generateTokenSecret();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  return mutate({ ...ctx, actor }, async (trx) => {
    const id = newId('tok', now.getTime());
    await insertApiToken(trx, {
      id,
      name: sessionTokenName(user.name),
      role,
      token_hash: hashTokenSecret(secret),
      prefix: tokenDisplayPrefix(secret),
      created_at: now,
      created_by: user.name,
      last_used_at: null,
      expires_at: expiresAt,
      revoked_at: null,
    });
    await trx.updateTable('users').set({ last_login_at: now }).where('id', '=', user.id).execute();
    return {
      result: { token: secret, user: { name: user.name, role }, expiresAt: expiresAt.toISOString() },
      audit: {
        action: 'user.sign_in',
        targetType: 'user',
        targetId: user.id,
        summary: `${user.name} signed in (${role} session until ${expiresAt.toISOString()})`,
      },
    };
  });
}
