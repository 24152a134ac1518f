import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { importDbt } from '../../services/catalog/import-dbt.js';
import { CLI_ACTOR, EXIT_ERROR, withVigil } from '../load.js';

interface ImportDbtOptions {
  targetDir: string;
  namespace?: string;
  json?: boolean;
}

const FILES = {
  manifest: 'manifest.json',
  run_results: 'run_results.json',
  sources: 'sources.json',
} as const;

const fail = (message: string): never => {
  process.stderr.write(`vigil: ${message}\n`);
  process.exit(EXIT_ERROR);
};

function readArtifact(dir: string, file: string, required: boolean): unknown {
  const path = join(dir, file);
  if (!existsSync(path))
    return required ? fail(`${path} not found (run dbt compile, run or build first)`) : undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return fail(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** `vigil import dbt --target-dir target`: the dbt project's assets, lineage and test results. */
export function importCommand(program: Command): void {
  const imports = program.command('import').description('Bring in what other tools know about your data');
  imports
    .command('dbt')
    .description('Assets and lineage from manifest.json; alerts from run_results.json and sources.json')
    .requiredOption('--target-dir <dir>', "dbt's target folder, holding manifest.json")
    .option('--namespace <namespace>', 'the namespace dbt relations live in, e.g. postgres://warehouse:5432')
    .option('--json', 'print the result as JSON')
    .action((opts: ImportDbtOptions) =>
      withVigil(async (vigil) => {
        const input = {
          manifest: readArtifact(opts.targetDir, FILES.manifest, true),
          run_results: readArtifact(opts.targetDir, FILES.run_results, false),
          sources: readArtifact(opts.targetDir, FILES.sources, false),
          namespace: opts.namespace,
        };
        try {
          const r = await importDbt({ ctx: { ...vigil.systemContext, actor: CLI_ACTOR }, input });
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
            return;
          }
          const fired = r.alerts.filter((a) => a.change === 'fired' || a.change === 'refired').length;
          const resolved = r.alerts.filter((a) => a.change === 'resolved').length;
          process.stdout.write(
            `imported dbt project ${r.project ?? '(unnamed)'}: ${r.assets} assets, ${r.edges} lineage edges, ${r.checks} check results; ${fired} alert(s) fired, ${resolved} resolved\n`,
          );
        } catch (error) {
          if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
            // Paths name the artifact ("manifest.metadata..."); say which file that is.
            const lines = (error.details ?? []).map((d) => {
              const artifact = d.path.split(/[.[]/)[0] as keyof typeof FILES;
              return `  ${FILES[artifact] ?? artifact}: ${d.path.slice(artifact.length).replace(/^\./, '')}: ${d.message}`;
            });
            fail(`cannot import the dbt artifacts in ${opts.targetDir}:\n${lines.join('\n')}`);
          }
          throw error;
        }
      }),
    );
}
