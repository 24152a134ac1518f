import { AppError, type ErrorDetail, notFound } from '../../domain/errors.js';
import { type ChannelTemplates, TEMPLATE_VARIABLES, validateTemplate } from '../../notify/index.js';
import { json } from '../../store/executor.js';
import { mutate, type ServiceContext } from '../context.js';

/** The variables a template may use, with what each holds: the fixed set the editor offers. */
export const templateVariables = () => TEMPLATE_VARIABLES;

/**
 * Replaces a channel's message templates (headline and body). A template naming a variable that
 * does not exist is refused, and the error names it and where it is: a typo must not become a
 * blank line in a 3 a.m. page. `null` for a part goes back to the built-in wording.
 */
export async function updateChannelTemplates({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; title?: string | null | undefined; text?: string | null | undefined };
}) {
  const problems: ErrorDetail[] = [];
  for (const part of ['title', 'text'] as const) {
    const source = input[part];
    if (typeof source !== 'string') continue;
    const check = validateTemplate(source);
    if (!check.ok)
      for (const p of check.problems) problems.push({ path: `body.${part}`, message: p.message });
  }
  if (problems.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid template: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    );
  return mutate(ctx, async (trx) => {
    const row = await trx
      .selectFrom('channels')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', input.id), eb('name', '=', input.id)]))
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound('channel', input.id);
    const before = (row.config.templates ?? {}) as ChannelTemplates;
    const after: ChannelTemplates = { ...before };
    for (const part of ['title', 'text'] as const) {
      const v = input[part];
      if (v === null) delete after[part];
      else if (v !== undefined) after[part] = v;
    }
    const { templates: _old, ...rest } = row.config;
    const config = Object.keys(after).length === 0 ? rest : { ...rest, templates: after };
    await trx
      .updateTable('channels')
      .set({ config: json(config), updated_at: ctx.clock.now() })
      .where('id', '=', row.id)
      .execute();
    return {
      result: { channel: row.name, templates: after },
      audit: {
        action: 'channel.templates',
        targetType: 'channel',
        targetId: row.id,
        summary: `changed the message templates of ${row.name}`,
        before,
        after,
      },
    };
  });
}
