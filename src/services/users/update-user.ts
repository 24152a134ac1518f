import { notFound } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';
import { mutate, type ServiceContext } from '../context.js';
import { hashPassword } from './password-hash.js';
import { findUser, revokeSessions, toUserView, type UserView } from './user-records.js';

export interface UpdateUserInput {
  id: string;
  role?: Role | undefined;
  password?: string | undefined;
  disabled?: boolean | undefined;
}

/** Changes a user's role, password or disabled flag; any change ends the user's open sessions. */
export async function updateUser({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: UpdateUserInput;
}): Promise<UserView> {
  const hash = input.password ? await hashPassword(input.password) : undefined;
  return mutate(ctx, async (trx) => {
    const row = await findUser(trx, input.id);
    if (!row) throw notFound('user', input.id);
    const now = ctx.clock.now();
    const next = {
      ...row,
      role: input.role ?? row.role,
      disabled_at:
        input.disabled === undefined ? row.disabled_at : input.disabled ? (row.disabled_at ?? now) : null,
      password_hash: hash ?? row.password_hash,
      updated_at: now,
    };
    await trx
      .updateTable('users')
      .set({
        role: next.role,
        disabled_at: next.disabled_at,
        password_hash: next.password_hash,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    await revokeSessions(trx, row.name, now);
    const changed = [
      input.role && `role ${row.role} -> ${input.role}`,
      input.password && 'password',
      input.disabled !== undefined && (input.disabled ? 'disabled' : 'enabled'),
    ].filter(Boolean);
    const before = toUserView(row);
    const after = toUserView(next);
    return {
      result: after,
      audit: {
        action: 'user.update',
        targetType: 'user',
        targetId: row.id,
        summary: `changed user "${row.name}": ${changed.join(', ') || 'nothing'}`,
        before,
        after,
      },
    };
  });
}
