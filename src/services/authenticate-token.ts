import type { Clock } from '../domain/clock.js';
import { AppError } from '../domain/errors.js';
import type { Actor, Role } from '../domain/roles.js';
import type { Store } from '../store/database.js';
import { findApiTokenByHash, touchApiToken } from '../store/repositories/api-tokens.js';
import { hashTokenSecret } from './api-token-secret.js';

const TOUCH_EVERY_MS = 60_000;

/** Resolves a bearer secret to the actor it stands for, or refuses with UNAUTHENTICATED. */
export async function authenticateToken(store: Store, clock: Clock, secret: string): Promise<Actor> {
  const row = await findApiTokenByHash(store.db, hashTokenSecret(secret));
  const now = clock.now();
  if (!row) throw new AppError('UNAUTHENTICATED', 'unknown API token');
  if (row.revoked_at) throw new AppError('UNAUTHENTICATED', 'this API token was revoked');
  if (row.expires_at && row.expires_at <= now)
    throw new AppError('UNAUTHENTICATED', 'this API token has expired');
  // last_used_at is informative; writing it on every request would turn reads into writes.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
    await touchApiToken(store.db, row.id, now);
  }
  return { kind: 'token', id: row.id, name: row.name, role: row.role as Role };
}
