import { AppError } from '../../domain/errors.js';
import { type PostmortemTemplate, templateProblems } from '../../domain/postmortem.js';
import { json } from '../../store/executor.js';
import { mutate, type ServiceContext } from '../context.js';
import { loadTemplate, TEMPLATE_SETTING } from './postmortem-records.js';

export type TemplateView = PostmortemTemplate & { custom: boolean };

export async function getPostmortemTemplate({ ctx }: { ctx: ServiceContext }): Promise<TemplateView> {
  const { template, custom } = await loadTemplate(ctx.store.db);
  return { ...template, custom };
}

/**
 * Replaces the template new drafts are made from (postmortems already drafted keep theirs).
 * `null` goes back to the built-in one. An invalid template is refused with each problem's path.
 */
export async function setPostmortemTemplate({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { template: PostmortemTemplate | null };
}): Promise<TemplateView> {
  const t = input.template;
  if (t) {
    const problems = templateProblems(t);
    if (problems.length) throw new AppError('VALIDATION_FAILED', 'invalid postmortem template', problems);
  }
  return mutate(ctx, async (trx) => {
    const before = await loadTemplate(trx);
    if (t) {
      const value = json({
        sections: t.sections.map((s) => ({
          key: s.key,
          heading: s.heading.trim(),
          generator: s.generator,
          ...(s.placeholder !== undefined ? { placeholder: s.placeholder } : {}),
        })),
      });
      await trx
        .insertInto('settings')
        .values({ key: TEMPLATE_SETTING, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    } else await trx.deleteFrom('settings').where('key', '=', TEMPLATE_SETTING).execute();
    const after = await loadTemplate(trx);
    return {
      result: { ...after.template, custom: after.custom },
      audit: {
        action: t ? 'postmortem_template.update' : 'postmortem_template.reset',
        targetType: 'postmortem_template',
        targetId: TEMPLATE_SETTING,
        summary: t
          ? `set the postmortem template (${t.sections.length} sections)`
          : 'restored the built-in postmortem template',
        before: before.custom ? before.template : null,
        after: after.custom ? after.template : null,
      },
    };
  });
}
