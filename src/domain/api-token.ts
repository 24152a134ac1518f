import type { Role } from './roles.js';

/** An API token as the API shows it: never the secret, never its hash. */
export interface ApiTokenView {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export const TOKEN_PREFIX = 'vgl_';
