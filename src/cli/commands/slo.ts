import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { AppError } from '../../domain/errors.js';
import type { SloSpec } from '../../domain/slo/model.js';
import { prometheusRules, type RuleFile } from '../../domain/slo/prometheus-rules.js';
import { readSloFile } from '../../ingest/openslo/documents.js';
import { sloToOpenSlo } from '../../ingest/openslo/map.js';
import { importSlos } from '../../services/slo/import-slos.js';
import { findSlo, parseSloSpec } from '../../services/slo/slo-records.js';
import { CLI_ACTOR, EXIT_ERROR, withVigil } from '../load.js';

const fail = (message: string): never => {
  process.stderr.write(`vigil: ${message}\n`);
  process.exit(EXIT_ERROR);
};

/** The SLO inputs of a file, or an exit listing every problem with its line and key path. */
function entriesOf(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`cannot read ${file}: ${(error as Error).message}`);
  }
  const { entries, problems } = readSloFile(text);
  if (problems.length > 0) {
    const lines = problems.map(
      (p) => `  ${file}${p.line ? ` line ${p.line}` : ''}: ${p.path || '(document)'}: ${p.message}`,
    );
    fail(`cannot import ${file}:\n${lines.join('\n')}`);
  }
  if (entries.length === 0) fail(`${file} holds no SLO (openslo/v1 kind SLO, or a Sloth prometheus/v1 spec)`);
  return entries;
}

/** SLOs from a file, validated, without a store (for `rules --file` and `export --file`). */
function specsOf(file: string): SloSpec[] {
  return entriesOf(file).map((e) => {
    try {
      return parseSloSpec(e.input);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const lines = (error.details ?? []).map((d) => `  ${file} line ${e.line}: ${d.path}: ${d.message}`);
      return fail(`invalid SLO in ${file}:\n${lines.join('\n')}`);
    }
  });
}

async function storedSpecs(names: string[]): Promise<SloSpec[]> {
  return withVigil(async (vigil) => {
    const out: SloSpec[] = [];
    for (const name of names) {
      try {
        out.push((await findSlo(vigil.store.db, name)).spec);
      } catch (error) {
        if (error instanceof AppError) fail(error.message);
        throw error;
      }
    }
    return out;
  });
}

async function pick(names: string[], file: string | undefined): Promise<SloSpec[]> {
  if (!file) {
    if (names.length === 0) fail('name an SLO, or give --file');
    return storedSpecs(names);
  }
  const specs = specsOf(file);
  const chosen = names.length === 0 ? specs : specs.filter((s) => names.includes(s.name));
  for (const n of names) if (!specs.some((s) => s.name === n)) fail(`no SLO named ${n} in ${file}`);
  return chosen;
}

/** `vigil slo import|export|rules`: SLOs as code, in OpenSLO v1 or Sloth's format. */
export function sloCommand(program: Command): void {
  const slo = program.command('slo').description('SLOs as code: OpenSLO and Sloth files, Prometheus rules');
  slo
    .command('import')
    .description('Create or replace SLOs from an OpenSLO v1 or Sloth prometheus/v1 YAML file')
    .argument('<file>')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const entries = entriesOf(file);
      return withVigil(async (vigil) => {
        try {
          const r = await importSlos({
            ctx: { ...vigil.systemContext, actor: CLI_ACTOR },
            input: { slos: entries.map((e) => ({ input: e.input, label: `${file} line ${e.line}` })) },
          });
          if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          else
            process.stdout.write(
              `imported ${file}: ${r.created.length} created, ${r.updated.length} updated, ${r.unchanged.length} unchanged\n`,
            );
        } catch (error) {
          if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
            const lines = (error.details ?? []).map((d) => `  ${d.path}: ${d.message}`);
            fail(`cannot import ${file}:\n${lines.join('\n')}`);
          }
          if (error instanceof AppError) fail(error.message);
          throw error;
        }
      });
    });
  slo
    .command('export')
    .description('Write SLOs as OpenSLO v1 YAML')
    .argument('[names...]', 'SLO names (all in the file with --file)')
    .option('--file <file>', 'read the SLOs from a file instead of the store')
    .action(async (names: string[], opts: { file?: string }) => {
      const specs = await pick(names, opts.file);
      process.stdout.write(specs.map((s) => stringify(sloToOpenSlo(s), { lineWidth: 0 })).join('---\n'));
    });
  slo
    .command('rules')
    .description('Write Prometheus recording and alerting rules (Sloth metric names) for SLOs')
    .argument('[names...]', 'SLO names (all in the file with --file)')
    .option('--file <file>', 'read the SLOs from a file instead of the store')
    .action(async (names: string[], opts: { file?: string }) => {
      const specs = await pick(names, opts.file);
      const file: RuleFile = { groups: specs.flatMap((s) => prometheusRules(s).groups) };
      process.stdout.write(stringify(file, { lineWidth: 0 }));
    });
}
