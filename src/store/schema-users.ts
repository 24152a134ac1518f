import type { ColumnType } from 'kysely';

/**
 * The users table's columns added by migration 0012-users (password sign-in), merged into the
 * UsersTable that 0001 declared. password_hash holds scrypt$N$r$p$salt$hash, never a password.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

declare module './schema.js' {
  interface UsersTable {
    created_by: string | null;
    updated_at: Timestamp | null;
    last_login_at: Timestamp | null;
  }
}

export type { UserRow } from './schema.js';
