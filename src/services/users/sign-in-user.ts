import { AppError, RateLimitedError } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';
import { newId } from '../../store/ids.js';
import { insertApiToken } from '../../store/repositories/api-tokens.js';
import { insertAudit } from '../../store/repositories/audit-log.js';
import { generateTokenSecret, hashTokenSecret, tokenDisplayPrefix } from '../api-token-secret.js';
import { mutate, type ServiceContext } from '../context.js';
import { decoyHash, verifyPassword } from './password-hash.js';
import type { SignInAttempt, SignInThrottle } from './sign-in-limits.js';
import { findUserByName, sessionTokenName } from './user-records.js';

export const SESSION_HOURS = 12;

export interface SignInAnswer {
  token: string;
  user: { name: string; role: Role };
  expiresAt: string;
}

const refused = () => new AppError('UNAUTHENTICATED', 'that user name and password were not accepted');

export interface SignInContext extends Omit<ServiceContext, 'actor'> {
  /** Failed sign-ins per name and per address; the server keeps one for its lifetime. */
  throttle: SignInThrottle;
}

/**
 * Password sign-in: a right name and password give a session token with the user's role, valid
 * for SESSION_HOURS. The token is an ordinary API token, so every route checks it the same way.
 * Guessing is limited (see sign-in-limits.ts) and every wrong password is audited.
 */
export async function signInUser({
  ctx,
  input,
}: {
  ctx: SignInContext;
  input: { name: string; password: string; clientAddress: string };
}): Promise<SignInAnswer> {
  const attempt: SignInAttempt = { name: input.name, address: input.clientAddress };
  const startedAt = ctx.clock.now();
  const wait = ctx.throttle.begin(attempt, startedAt);
  if (wait > 0) {
    throw new RateLimitedError(`too many failed sign-ins; try again in ${wait} s`, wait);
  }
  const user = await findUserByName(ctx.store.db, input.name);
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await decoyHash()));
  if (!user?.password_hash || !ok || user.disabled_at) {
    await auditFailure(ctx, attempt, user?.id);
    throw refused();
  }
  ctx.throttle.succeeded(attempt, startedAt);
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

/** One audit row per wrong password (never the password), and one when it starts a lock. */
async function auditFailure(ctx: SignInContext, attempt: SignInAttempt, userId: string | undefined) {
  const at = ctx.clock.now();
  const base = {
    at,
    // Nobody is signed in: the actor is the address the attempt came from.
    actor: { kind: 'anonymous', id: attempt.address, name: `anonymous at ${attempt.address}` },
    targetType: 'user',
    targetId: userId ?? attempt.name,
    requestId: ctx.requestId,
  };
  await insertAudit(ctx.store.db, {
    ...base,
    action: 'user.sign_in_failed',
    summary: `failed sign-in as "${attempt.name}" from ${attempt.address}`,
  });
  for (const kind of ctx.throttle.failed(attempt, at)) {
    const { perName, perAddress, windowMs } = ctx.throttle.limits;
    const what = kind === 'name' ? `user name "${attempt.name}"` : `address ${attempt.address}`;
    const limit = kind === 'name' ? perName : perAddress;
    await insertAudit(ctx.store.db, {
      ...base,
      action: 'user.sign_in_limited',
      summary: `sign-in locked for ${what}: ${limit} failures within ${windowMs / 60_000} min`,
    });
    ctx.log.warn({ kind, address: attempt.address }, 'sign-in locked after repeated failures');
  }
}
