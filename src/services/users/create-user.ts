import { AppError } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';
import { newId } from '../../store/ids.js';
import type { UserRow } from '../../store/schema-users.js';
import { mutate, type ServiceContext } from '../context.js';
import { hashPassword } from './password-hash.js';
import { findUserByName, toUserView, type UserView } from './user-records.js';

export interface CreateUserInput {
  name: string;
  password: string;
  role: Role;
}

/** An admin adds a person who signs in with a name and password; only the scrypt hash is kept. */
export async function createUser({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateUserInput;
}): Promise<UserView> {
  // Hashing is slow on purpose; do it before the transaction so no lock waits on it.
  const hash = await hashPassword(input.password);
  return mutate(ctx, async (trx) => {
    if (await findUserByName(trx, input.name)) {
      throw new AppError('CONFLICT', `a user named "${input.name}" exists already`);
    }
    const now = ctx.clock.now();
    const row: UserRow = {
      id: newId('usr', now.getTime()),
      name: input.name,
      role: input.role,
      password_hash: hash,
      disabled_at: null,
      created_at: now,
      created_by: ctx.actor.name,
      updated_at: now,
      last_login_at: null,
    };
    await trx.insertInto('users').values(row).execute();
    const view = toUserView(row);
    return {
      result: view,
      audit: {
        action: 'user.create',
        targetType: 'user',
        targetId: row.id,
        summary: `created ${input.role} user "${input.name}"`,
        after: view,
      },
    };
  });
}
