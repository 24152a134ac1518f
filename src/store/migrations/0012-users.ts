import type { Kysely } from 'kysely';

// A landed migration is never edited: later changes go in a new file.
// 0001 made the users table (name, role, password_hash, disabled_at); password sign-in adds who
// made each user, when it last changed and when the user last signed in.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'timestamptz')
    .addColumn('last_login_at', 'timestamptz')
    .execute();
}
