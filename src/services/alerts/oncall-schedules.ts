import { AppError, type ErrorDetail, notFound } from '../../domain/errors.js';
import {
  checkOnCallSchedule,
  type OnCallSchedule,
  type Rotation,
  whoIsOnCall,
} from '../../domain/routing/index.js';
import { json, type Executor } from '../../store/executor.js';
import { newId } from '../../store/ids.js';
import type { OncallScheduleRow, StoredOverride } from '../../store/schema-alerting.js';
import { mutate, type ServiceContext } from '../context.js';

/**
 * On-call schedules: rotations (hand-off time and zone) and overrides, plus how to reach each
 * person — the channel that pages them. Escalation levels name a schedule as `schedule:NAME`.
 */
export interface ScheduleInput {
  name: string;
  timeZone: string;
  rotations: Rotation[];
  overrides: Array<{ person: string; startsAt: string; endsAt: string; rotation?: string | null }>;
  /** Person -> channel name. Every participant and override person needs one. */
  contacts: Record<string, string>;
}

export function toDomainSchedule(
  r: Pick<OncallScheduleRow, 'time_zone' | 'rotations' | 'overrides'>,
): OnCallSchedule {
  return {
    timeZone: r.time_zone,
    rotations: r.rotations,
    overrides: r.overrides.map((o: StoredOverride) => ({
      person: o.person,
      startsAt: new Date(o.startsAt),
      endsAt: new Date(o.endsAt),
      rotation: o.rotation ?? null,
    })),
  };
}

export function toScheduleView(r: OncallScheduleRow, now: Date) {
  const onCall = whoIsOnCall(toDomainSchedule(r), now);
  return {
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    rotations: r.rotations,
    overrides: r.overrides,
    contacts: r.contacts,
    onCallNow: onCall.shifts.map((s) => ({
      rotation: s.rotation,
      person: s.person,
      from: s.from.toISOString(),
      until: s.until.toISOString(),
      override: s.override,
    })),
    updatedAt: r.updated_at.toISOString(),
  };
}

async function checkContacts(db: Executor, input: ScheduleInput): Promise<ErrorDetail[]> {
  const channels = new Set(
    (await db.selectFrom('channels').select('name').where('deleted_at', 'is', null).execute()).map(
      (c) => c.name,
    ),
  );
  const problems: ErrorDetail[] = [];
  const people = new Set([
    ...input.rotations.flatMap((r) => r.participants),
    ...input.overrides.map((o) => o.person),
  ]);
  for (const person of people) {
    if (!input.contacts[person])
      problems.push({ path: `contacts.${person}`, message: 'say which channel reaches this person' });
  }
  for (const [person, channel] of Object.entries(input.contacts)) {
    if (!channels.has(channel))
      problems.push({ path: `contacts.${person}`, message: `no channel named ${channel}` });
  }
  return problems;
}

/** Creates or replaces a schedule by name; every problem is reported with its path. */
export async function saveSchedule({ ctx, input }: { ctx: ServiceContext; input: ScheduleInput }) {
  const now = ctx.clock.now();
  const domain = toDomainSchedule({
    time_zone: input.timeZone,
    rotations: input.rotations,
    overrides: input.overrides,
  });
  const problems = [
    ...domain.overrides.flatMap((o, i) =>
      Number.isNaN(o.startsAt.getTime()) || Number.isNaN(o.endsAt.getTime())
        ? [{ path: `overrides[${i}]`, message: 'startsAt and endsAt must be times' }]
        : [],
    ),
    ...checkOnCallSchedule(domain),
    ...(await checkContacts(ctx.store.db, input)),
  ];
  if (problems.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid schedule: ${problems.map((p) => p.path).join(', ')}`,
      problems,
    );
  return mutate(ctx, async (trx) => {
    const existing = await trx
      .selectFrom('oncall_schedules')
      .selectAll()
      .where('name', '=', input.name)
      .executeTakeFirst();
    const row: OncallScheduleRow = {
      id: existing?.id ?? newId('sch', now.getTime()),
      name: input.name,
      time_zone: input.timeZone,
      rotations: input.rotations,
      overrides: input.overrides,
      contacts: input.contacts,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
    const values = {
      ...row,
      rotations: json(row.rotations),
      overrides: json(row.overrides),
      contacts: json(row.contacts),
    };
    if (existing) await trx.updateTable('oncall_schedules').set(values).where('id', '=', row.id).execute();
    else await trx.insertInto('oncall_schedules').values(values).execute();
    return {
      result: toScheduleView(row, now),
      audit: {
        action: existing ? 'schedule.update' : 'schedule.create',
        targetType: 'schedule',
        targetId: row.id,
        summary: `${existing ? 'changed' : 'created'} on-call schedule ${input.name}`,
      },
    };
  });
}

export async function deleteSchedule({ ctx, input }: { ctx: ServiceContext; input: { name: string } }) {
  return mutate(ctx, async (trx) => {
    const gone = await trx
      .deleteFrom('oncall_schedules')
      .where('name', '=', input.name)
      .returning('id')
      .executeTakeFirst();
    if (!gone) throw notFound('schedule', input.name);
    return {
      result: undefined,
      audit: {
        action: 'schedule.delete',
        targetType: 'schedule',
        targetId: gone.id,
        summary: `deleted schedule ${input.name}`,
      },
    };
  });
}

/** The channels that reach whoever is on call now on a schedule, with their names. */
export async function onCallChannels(
  db: Executor,
  scheduleName: string,
  now: Date,
): Promise<Array<{ person: string; channel: string }>> {
  const row = await db
    .selectFrom('oncall_schedules')
    .selectAll()
    .where('name', '=', scheduleName)
    .executeTakeFirst();
  if (!row) return [];
  return whoIsOnCall(toDomainSchedule(row), now).people.flatMap((person) =>
    row.contacts[person] ? [{ person, channel: row.contacts[person] as string }] : [],
  );
}
