import type { Role } from '../../domain/roles.js';
import type { Executor } from '../../store/executor.js';
import type { UserRow } from '../../store/schema-users.js';

export interface UserView {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  createdBy: string;
  lastLoginAt: string | null;
}

export const toUserView = (u: UserRow): UserView => ({
  id: u.id,
  name: u.name,
  role: u.role as Role,
  disabled: u.disabled_at !== null,
  createdAt: u.created_at.toISOString(),
  createdBy: u.created_by ?? 'vigil',
  lastLoginAt: u.last_login_at ? u.last_login_at.toISOString() : null,
});

export const findUserByName = (db: Executor, name: string) =>
  db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();

export const findUser = (db: Executor, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const listUsers = async (db: Executor): Promise<UserView[]> =>
  (await db.selectFrom('users').selectAll().orderBy('name').execute()).map(toUserView);

/** The name a user's session tokens carry, so the audit log shows the person. */
export const sessionTokenName = (user: string) => `${user} (signed in)`;

/** Whether a token is a password session (sign-in made it) rather than an API token. */
export const isSessionTokenName = (name: string) => name.endsWith(' (signed in)');

/** Ends every session of a user: after a password change, a role change or disabling. */
export async function revokeSessions(db: Executor, user: string, at: Date): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('name', '=', sessionTokenName(user))
    .where('revoked_at', 'is', null)
    .execute();
}
