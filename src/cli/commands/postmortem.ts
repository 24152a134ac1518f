import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { draftPostmortem } from '../../services/postmortems/draft-postmortem.js';
import { exportPostmortemMarkdown } from '../../services/postmortems/export-postmortem.js';
import { type PostmortemView, postmortemView } from '../../services/postmortems/postmortem-records.js';
import { CLI_ACTOR, EXIT_ERROR, withVigil } from '../load.js';

function printSummary(p: PostmortemView): string {
  const items = p.actionItems.map(
    (i) =>
      `  - [${i.status}] ${i.kind}: ${i.title}${i.owner ? ` (${i.owner})` : ''}${i.dueOn ? ` due ${i.dueOn}` : ''}${i.overdue ? ' OVERDUE' : ''}`,
  );
  return [
    `${p.title}`,
    `status: ${p.status}${p.complete ? ' (complete)' : ''}, version ${p.version}, updated ${p.updatedAt}`,
    `sections: ${p.sections.map((s) => s.heading).join(' · ')}`,
    `action items: ${p.actionItems.length}`,
    ...items,
    '',
  ].join('\n');
}

/**
 * `vigil postmortem INCIDENT`: shows an incident's postmortem, drafts it with --draft when there
 * is none yet, and prints the whole document with --markdown (to pipe into a wiki or a file).
 */
export function postmortemCommand(program: Command): void {
  program
    .command('postmortem')
    .description("Show an incident's postmortem (--markdown for the document, --draft to draft it first)")
    .argument('<incident>', 'the incident id (inc_…)')
    .option('--markdown', 'print the postmortem as one Markdown document')
    .option('--json', 'print the postmortem as JSON')
    .option('--draft', 'draft the postmortem from the incident if it has none yet')
    .action((incident: string, opts: { markdown?: boolean; json?: boolean; draft?: boolean }) =>
      withVigil(async (vigil) => {
        const ctx = { ...vigil.systemContext, actor: CLI_ACTOR };
        try {
          const exists = await ctx.store.db
            .selectFrom('postmortems')
            .select('incident_id')
            .where('incident_id', '=', incident)
            .executeTakeFirst();
          if (!exists && opts.draft) await draftPostmortem({ ctx, input: { incidentId: incident } });
          if (opts.markdown)
            process.stdout.write(await exportPostmortemMarkdown({ ctx, input: { incidentId: incident } }));
          else {
            const view = await postmortemView(ctx.store.db, incident, ctx.clock.now());
            process.stdout.write(opts.json ? `${JSON.stringify(view, null, 2)}\n` : printSummary(view));
          }
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          process.stderr.write(`vigil: ${error.message}\n`);
          process.exitCode = EXIT_ERROR;
        }
      }),
    );
}
