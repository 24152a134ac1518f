import type { Command } from 'commander';
import type { Vigil } from '../../app.js';
import { AppError } from '../../domain/errors.js';
import { type ApplyChange, applyDeclared } from '../../services/apply-declared.js';
import type { SloSpec } from '../../domain/slo/model.js';
import { applyDeclaredSlos } from '../../services/slo/apply-declared-slos.js';
import { CLI_ACTOR, EXIT_ERROR, withVigil } from '../load.js';

const SIGN: Record<ApplyChange['action'], string> = { create: '+', update: '~', delete: '-', unchanged: '=' };

export function printChanges(changes: ApplyChange[], out: NodeJS.WritableStream): void {
  for (const c of changes) {
    if (c.action === 'unchanged') continue;
    out.write(`  ${SIGN[c.action]} ${c.type} ${c.name}${c.fields ? ` (${c.fields.join(', ')})` : ''}\n`);
  }
  const count = (a: ApplyChange['action']) => changes.filter((c) => c.action === a).length;
  out.write(
    `${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ${count('unchanged')} unchanged\n`,
  );
}

/** Syncs what vigil.yaml and monitors/ declare; prints the problems with paths when it cannot. */
export async function applyFromConfig(vigil: Vigil, dryRun: boolean): Promise<ApplyChange[]> {
  try {
    const ctx = { ...vigil.systemContext, actor: CLI_ACTOR };
    const changes = await applyDeclared({
      ctx,
      input: {
        sources: vigil.config.sources,
        monitors: vigil.config.monitors,
        dryRun,
        validateSource: vigil.catalog.validate,
      },
    });
    const slos = vigil.config.slos as SloSpec[];
    return [...changes, ...(await applyDeclaredSlos({ ctx, input: { slos, dryRun } }))];
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(
        `vigil: ${error.message}\n${(error.details ?? []).map((d) => `  - ${d.path}: ${d.message}\n`).join('')}`,
      );
      process.exit(EXIT_ERROR);
    }
    throw error;
  }
}

export function applyCommand(program: Command): void {
  program
    .command('apply')
    .description(
      'Sync the sources, monitors and SLOs declared in vigil.yaml and monitors/*.yaml to the store',
    )
    .option('--dry-run', 'print what would change, change nothing')
    .action((opts: { dryRun?: boolean }) =>
      withVigil(async (vigil) => {
        const changes = await applyFromConfig(vigil, opts.dryRun === true);
        if (opts.dryRun) process.stdout.write('dry run: nothing was changed\n');
        printChanges(changes, process.stdout);
      }),
    );
}
