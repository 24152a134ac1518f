import { AppError, type ErrorDetail, notFound } from '../../domain/errors.js';
import {
  checkEscalationPolicy,
  describeMatcherError,
  type EscalationPolicy,
  parseMatchers,
} from '../../domain/routing/index.js';
import { json } from '../../store/executor.js';
import { newId } from '../../store/ids.js';
import type { EscalationPolicyRow, StoredEscalationLevel } from '../../store/schema-alerting.js';
import { mutate, type ServiceContext } from '../context.js';

/**
 * Escalation policies: level 1 is notified when a page fires; if nobody acknowledges within its
 * delay, level 2; and so on, then the whole run `repeat` more times. A level's targets are channel
 * names or `schedule:NAME` (whoever is on call). `matchers` pick the pages a policy covers (none:
 * every page); the first policy by name that matches wins.
 */
export interface EscalationPolicyInput {
  name: string;
  matchers: string[];
  levels: StoredEscalationLevel[];
  repeat: number;
}

export const toDomainPolicy = (r: Pick<EscalationPolicyRow, 'levels' | 'repeat'>): EscalationPolicy => ({
  levels: r.levels,
  repeat: r.repeat,
});

export const toPolicyView = (r: EscalationPolicyRow) => ({
  id: r.id,
  name: r.name,
  matchers: r.matchers,
  levels: r.levels,
  repeat: r.repeat,
  updatedAt: r.updated_at.toISOString(),
});

export async function saveEscalationPolicy({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: EscalationPolicyInput;
}) {
  const problems: ErrorDetail[] = [...checkEscalationPolicy(toDomainPolicy(input))];
  input.matchers.forEach((m, i) => {
    const parsed = parseMatchers(m);
    if (!parsed.ok) problems.push({ path: `matchers[${i}]`, message: describeMatcherError(parsed.error) });
  });
  const [channels, schedules] = await Promise.all([
    ctx.store.db.selectFrom('channels').select('name').where('deleted_at', 'is', null).execute(),
    ctx.store.db.selectFrom('oncall_schedules').select('name').execute(),
  ]);
  const channelNames = new Set(channels.map((c) => c.name));
  const scheduleNames = new Set(schedules.map((s) => s.name));
  input.levels.forEach((l, i) => {
    (l.targets ?? []).forEach((t, j) => {
      const schedule = t.startsWith('schedule:') ? t.slice('schedule:'.length) : null;
      const known = schedule !== null ? scheduleNames.has(schedule) : channelNames.has(t);
      if (!known)
        problems.push({
          path: `levels[${i}].targets[${j}]`,
          message: schedule !== null ? `no schedule named ${schedule}` : `no channel named ${t}`,
        });
    });
  });
  if (problems.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid escalation policy: ${problems.map((p) => p.path).join(', ')}`,
      problems,
    );
  const now = ctx.clock.now();
  return mutate(ctx, async (trx) => {
    const existing = await trx
      .selectFrom('escalation_policies')
      .selectAll()
      .where('name', '=', input.name)
      .executeTakeFirst();
    const row: EscalationPolicyRow = {
      id: existing?.id ?? newId('esc', now.getTime()),
      name: input.name,
      matchers: input.matchers,
      levels: input.levels,
      repeat: input.repeat,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
    const values = { ...row, matchers: json(row.matchers), levels: json(row.levels) };
    if (existing) await trx.updateTable('escalation_policies').set(values).where('id', '=', row.id).execute();
    else await trx.insertInto('escalation_policies').values(values).execute();
    return {
      result: toPolicyView(row),
      audit: {
        action: existing ? 'escalation.update' : 'escalation.create',
        targetType: 'escalation_policy',
        targetId: row.id,
        summary: `${existing ? 'changed' : 'created'} escalation policy ${input.name}`,
      },
    };
  });
}

export async function deleteEscalationPolicy({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { name: string };
}) {
  return mutate(ctx, async (trx) => {
    const gone = await trx
      .deleteFrom('escalation_policies')
      .where('name', '=', input.name)
      .returning('id')
      .executeTakeFirst();
    if (!gone) throw notFound('escalation policy', input.name);
    return {
      result: undefined,
      audit: {
        action: 'escalation.delete',
        targetType: 'escalation_policy',
        targetId: gone.id,
        summary: `deleted escalation policy ${input.name}`,
      },
    };
  });
}
