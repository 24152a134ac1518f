import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makePrivateDir } from './private-files.js';

/**
 * Seals secrets (source passwords, webhook URLs, routing keys) with AES-256-GCM before they reach
 * the store. The sealed form is `v1.<iv>.<tag>.<ciphertext>` in base64url, so a future key or
 * algorithm change can be told apart.
 */
export interface SecretBox {
  seal(plain: Record<string, unknown>): string;
  open(sealed: string): Record<string, unknown>;
  /**
   * HMAC-SHA256 of `data` (base64url) under a key derived from the secret key for `purpose`, so
   * signed links and sealed secrets never share a key.
   */
  mac(purpose: string, data: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
  const macKeys = new Map<string, Buffer>();
  return {
    mac(purpose, data) {
      let k = macKeys.get(purpose);
      if (!k) {
        k = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `vigil:${purpose}`, 32));
        macKeys.set(purpose, k);
      }
      return createHmac('sha256', k).update(data).digest('base64url');
    },
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unreadable sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
    },
  };
}

/**
 * The key from config (64 hex characters), else a key file created once with mode 0600. Several
 * processes on one PostgreSQL store must share the key: set VIGIL_SECRET_KEY for them.
 */
export function loadSecretKey(configured: string | undefined, keyFile: string): Buffer {
  if (configured) return Buffer.from(configured, 'hex');
  if (existsSync(keyFile)) return Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
  makePrivateDir(dirname(keyFile));
  const key = randomBytes(32);
  writeFileSync(keyFile, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
  return key;
}
