import { AppError } from '../../domain/errors.js';
import { isOpenStatus } from '../../domain/incident.js';
import {
  canChangePostmortemStatus,
  completenessProblems,
  isEditable,
  type PostmortemStatus,
} from '../../domain/postmortem.js';
import { json } from '../../store/executor.js';
import { mutate, type ServiceContext } from '../context.js';
import { addEvent, findIncident } from '../incidents/incident-records.js';
import {
  findPostmortem,
  itemFacts,
  itemsOf,
  type PostmortemView,
  toPostmortemView,
} from './postmortem-records.js';

export interface EditPostmortemInput {
  incidentId: string;
  /** The version the editor started from; a stale one is refused rather than overwriting. */
  version?: number | undefined;
  title?: string | undefined;
  /** Sections to change, by key; the others stay as they are. */
  sections?: Array<{ key: string; body?: string | undefined; heading?: string | undefined }> | undefined;
  status?: PostmortemStatus | undefined;
}

/** Edits sections and title, and moves the review status (draft → in_review → published). */
export async function editPostmortem({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: EditPostmortemInput;
}): Promise<PostmortemView> {
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const p = await findPostmortem(trx, input.incidentId, true);
    if (input.version !== undefined && input.version !== p.version)
      throw new AppError(
        'CONFLICT',
        `the postmortem changed since version ${input.version} (now ${p.version}); reload it and edit again`,
      );
    const status = p.status as PostmortemStatus;
    const changed: string[] = [];
    let sections = p.sections;
    if (input.sections?.length || input.title !== undefined) {
      if (!isEditable(status))
        throw new AppError(
          'CONFLICT',
          'a published postmortem is read-only; move it back to in_review to edit',
        );
      const problems = (input.sections ?? []).flatMap((s, i) =>
        sections.some((x) => x.key === s.key)
          ? []
          : [{ path: `sections[${i}].key`, message: `no section "${s.key}" in this postmortem` }],
      );
      if (problems.length) throw new AppError('VALIDATION_FAILED', 'unknown postmortem section', problems);
      sections = sections.map((s) => {
        const edit = input.sections?.find((e) => e.key === s.key);
        if (!edit) return s;
        changed.push(s.key);
        return { ...s, heading: edit.heading ?? s.heading, body: edit.body ?? s.body };
      });
      if (input.title !== undefined && input.title !== p.title) changed.push('title');
    }
    let next = status;
    if (input.status && input.status !== status) {
      if (!canChangePostmortemStatus(status, input.status))
        throw new AppError('CONFLICT', `a postmortem cannot go from ${status} to ${input.status}`);
      if (input.status === 'published') {
        const incident = await findIncident(trx, p.incident_id);
        if (isOpenStatus(incident.status))
          throw new AppError('CONFLICT', `resolve incident ${incident.id} before publishing its postmortem`);
      }
      next = input.status;
      changed.push('status');
      await addEvent(trx, {
        incidentId: p.incident_id,
        at: now,
        kind: 'postmortem',
        actor: ctx.actor.name,
        message: `postmortem ${status.replace('_', ' ')} → ${next.replace('_', ' ')}`,
        data: { from: status, to: next },
      });
    }
    if (changed.length === 0)
      return {
        result: toPostmortemView(p, await itemsOf(trx, p.incident_id), now),
        audit: [],
      };
    const row = await trx
      .updateTable('postmortems')
      .set({
        title: input.title ?? p.title,
        sections: json(sections),
        status: next,
        version: p.version + 1,
        updated_at: now,
        published_at: next === 'published' ? now : p.published_at,
        // Reopening for review means the document may change: it is no longer complete.
        ...(status === 'published' && next !== 'published' ? { completed_at: null, completed_by: null } : {}),
      })
      .where('incident_id', '=', p.incident_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: toPostmortemView(row, await itemsOf(trx, p.incident_id), now),
      audit: {
        action: next !== status ? `postmortem.${next}` : 'postmortem.edit',
        targetType: 'incident',
        targetId: p.incident_id,
        summary: `postmortem: changed ${changed.join(', ')}`,
        before: { status, version: p.version },
        after: { status: next, version: row.version, sections: changed.filter((c) => c !== 'status') },
      },
    };
  });
}

/**
 * Marks a published postmortem complete: allowed only once every action item is done, or
 * dropped with a reason. The refusal lists each item still in the way.
 */
export async function completePostmortem({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { incidentId: string };
}): Promise<PostmortemView> {
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const p = await findPostmortem(trx, input.incidentId, true);
    const items = await itemsOf(trx, p.incident_id);
    if (p.completed_at) return { result: toPostmortemView(p, items, now), audit: [] };
    if (p.status !== 'published')
      throw new AppError('CONFLICT', `publish the postmortem before marking it complete (it is ${p.status})`);
    const problems = completenessProblems(items.map(itemFacts));
    if (problems.length)
      throw new AppError(
        'POSTMORTEM_INCOMPLETE',
        `${problems.length} action item${problems.length === 1 ? ' is' : 's are'} not done or dropped with a reason`,
        problems,
      );
    const row = await trx
      .updateTable('postmortems')
      .set({ completed_at: now, completed_by: ctx.actor.name, version: p.version + 1, updated_at: now })
      .where('incident_id', '=', p.incident_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await addEvent(trx, {
      incidentId: p.incident_id,
      at: now,
      kind: 'postmortem',
      actor: ctx.actor.name,
      message: 'postmortem complete: every action item is done or dropped',
      data: { complete: true },
    });
    return {
      result: toPostmortemView(row, items, now),
      audit: {
        action: 'postmortem.complete',
        targetType: 'incident',
        targetId: p.incident_id,
        summary: `marked the postmortem complete (${items.length} action items settled)`,
      },
    };
  });
}
