import { createHash, randomBytes } from 'node:crypto';
import { TOKEN_PREFIX } from '../domain/api-token.js';

/**
 * Tokens are 32 random bytes, so a plain SHA-256 is enough to store them: unlike passwords they
 * cannot be guessed from a dictionary, and a fast hash keeps every request's check cheap.
 */
export function generateTokenSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function tokenDisplayPrefix(secret: string): string {
  return secret.slice(0, TOKEN_PREFIX.length + 6);
}
