/**
 * Three roles, each a superset of the one before: a viewer reads, a responder also acts on alerts
 * and incidents, an admin also configures Vigil (sources, monitors, channels, tokens).
 */
export const ROLES = ['viewer', 'responder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, responder: 1, admin: 2 };

export function roleAllows(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed];
}

/** Who did something: a person's token, a policy, or Vigil itself (the scheduler, the purge job). */
export interface Actor {
  kind: 'token' | 'user' | 'system';
  id: string;
  name: string;
  role: Role;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'system', name: 'vigil', role: 'admin' };
