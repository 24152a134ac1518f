import { AppError } from '../../domain/errors.js';
import { checkWorkingHours, type WorkingHours } from '../../domain/routing/index.js';
import { isValidTimeZone } from '../../domain/routing/time-zone.js';
import { json, type Executor } from '../../store/executor.js';
import { mutate, type ServiceContext } from '../context.js';

/**
 * Alerting settings kept in the store and edited by API: the working hours that `ticket` alerts
 * wait for, and the daily "Vigil is alive" digest (which channel, at what local time).
 */
export interface DigestSettings {
  channel: string;
  /** Local time `HH:MM`. */
  at: string;
  timeZone: string;
}

export interface AlertingSettings {
  workingHours: WorkingHours | null;
  digest: DigestSettings | null;
}

export const ALERTING_SETTING = 'alerting';

export async function loadAlertingSettings(db: Executor): Promise<AlertingSettings> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', ALERTING_SETTING)
    .executeTakeFirst();
  const v = (row?.value ?? {}) as Partial<AlertingSettings>;
  return { workingHours: v.workingHours ?? null, digest: v.digest ?? null };
}

/** Replaces the given parts; `null` clears one. Every problem is reported with its path. */
export async function saveAlertingSettings({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: Partial<AlertingSettings>;
}): Promise<AlertingSettings> {
  const problems: Array<{ path: string; message: string }> = [];
  if (input.workingHours) {
    for (const p of checkWorkingHours(input.workingHours))
      problems.push({ path: `workingHours.${p.path}`, message: p.message });
  }
  if (input.digest) {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.digest.at))
      problems.push({ path: 'digest.at', message: 'must be a time like 09:00' });
    if (!isValidTimeZone(input.digest.timeZone))
      problems.push({ path: 'digest.timeZone', message: `unknown time zone ${input.digest.timeZone}` });
    const channel = await ctx.store.db
      .selectFrom('channels')
      .select('id')
      .where('name', '=', input.digest.channel)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!channel)
      problems.push({ path: 'digest.channel', message: `no channel named ${input.digest.channel}` });
  }
  if (problems.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid alerting settings: ${problems.map((p) => p.path).join(', ')}`,
      problems,
    );
  return mutate(ctx, async (trx) => {
    const before = await loadAlertingSettings(trx);
    const after: AlertingSettings = {
      workingHours: input.workingHours === undefined ? before.workingHours : input.workingHours,
      digest: input.digest === undefined ? before.digest : input.digest,
    };
    await trx
      .insertInto('settings')
      .values({ key: ALERTING_SETTING, value: json(after) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json(after) }))
      .execute();
    // Tickets held for working hours are planned again under the new hours.
    await trx.updateTable('notification_groups').set({ next_check_at: ctx.clock.now() }).execute();
    return {
      result: after,
      audit: {
        action: 'alerting.settings',
        targetType: 'settings',
        targetId: ALERTING_SETTING,
        summary: 'changed alerting settings',
        before,
        after,
      },
    };
  });
}
