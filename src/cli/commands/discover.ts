import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import type { Schedule, Severity } from '../../domain/monitor.js';
import { type DiscoverResult, discoverMonitors } from '../../services/discover-monitors.js';
import { scheduleSchema } from '../../services/monitors.js';
import { CLI_ACTOR, EXIT_ERROR, withVigil } from '../load.js';
import { renderTable } from '../table.js';
import { applyFromConfig } from './apply.js';

interface DiscoverOptions {
  exclude?: string[];
  dryRun?: boolean;
  schedule?: string;
  owner?: string;
  severity?: string;
  backfill?: string | boolean;
  json?: boolean;
  apply: boolean;
}

const fail = (message: string): never => {
  process.stderr.write(`vigil: ${message}\n`);
  process.exit(EXIT_ERROR);
};

/** `1h` is an interval; anything with spaces is a cron expression (UTC). */
function parseSchedule(text: string): Schedule {
  const parsed = scheduleSchema.safeParse(
    /\s/.test(text.trim()) ? { cron: text.trim() } : { every: text.trim() },
  );
  return parsed.success ? parsed.data : fail(`--schedule ${text}: ${parsed.error.issues[0]?.message}`);
}

function detail(m: DiscoverResult['monitors'][number]): string {
  const parts: string[] = [];
  if (typeof m.config.timestampColumn === 'string') parts.push(`from ${m.config.timestampColumn}`);
  if (m.kind === 'freshness' && !m.config.timestampColumn) parts.push("from the engine's metadata");
  if (m.backfill)
    parts.push(
      m.backfill.status === 'trained' ? m.backfill.message : `backfill failed: ${m.backfill.message}`,
    );
  return parts.join('; ');
}

export function printDiscovery(r: DiscoverResult, out: NodeJS.WritableStream): void {
  const verb = r.dryRun ? 'would create' : 'created';
  if (r.monitors.length > 0)
    out.write(
      renderTable(
        ['', 'MONITOR', 'KIND', 'DETAIL'],
        r.monitors.map((m) => ['+', m.name, m.kind, detail(m)]),
      ),
    );
  if (r.skipped.length > 0) {
    out.write(`\nskipped:\n`);
    for (const s of r.skipped) out.write(`  ${s.asset}${s.kind ? ` ${s.kind}` : ''}: ${s.reason}\n`);
  }
  const tables = new Set(r.monitors.map((m) => m.asset)).size;
  out.write(
    `\n${r.dryRun ? 'dry run: nothing was changed; ' : ''}${verb} ${r.monitors.length} monitors on ${tables} of ${r.tables} tables in ${r.source}, ${r.skipped.length} skipped\n`,
  );
}

export function discoverCommand(program: Command): void {
  program
    .command('discover')
    .argument('<source>', 'source name or id')
    .description('Create freshness, volume and schema monitors for every table of a source')
    .option('--exclude <pattern...>', 'skip tables whose schema.table matches a glob (staging.*, *_tmp)')
    .option('--dry-run', 'print what would be created, create nothing')
    .option('--schedule <every>', 'how often the new monitors run: 30m, 1h, 1d, or a cron expression', '1h')
    .option('--owner <owner>', 'owner of the new monitors (routes their alerts)')
    .option('--severity <severity>', 'page, ticket or log', 'ticket')
    .option('--backfill [days]', 'train each volume monitor from its table history (default 28 days)')
    .option('--json', 'print the result as JSON')
    .option('--no-apply', 'do not sync vigil.yaml / monitors/ first')
    .action((source: string, opts: DiscoverOptions) =>
      withVigil(async (vigil) => {
        const schedule = parseSchedule(opts.schedule ?? '1h');
        if (!['page', 'ticket', 'log'].includes(opts.severity ?? 'ticket'))
          fail(`--severity ${opts.severity}: use page, ticket or log`);
        const days =
          opts.backfill === undefined || opts.backfill === false
            ? undefined
            : Number(opts.backfill === true ? 28 : opts.backfill);
        if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 366))
          fail(`--backfill ${opts.backfill}: a whole number of days from 1 to 366`);
        if (opts.apply) await applyFromConfig(vigil, false);
        try {
          const result = await discoverMonitors({
            ctx: { ...vigil.systemContext, actor: CLI_ACTOR },
            input: {
              source,
              exclude: opts.exclude,
              dryRun: opts.dryRun === true,
              schedule,
              owner: opts.owner,
              severity: opts.severity as Severity,
              backfill: days === undefined ? undefined : { days, bucket: 'hour' },
              deps: vigil.runner,
            },
          });
          if (result.error) fail(`could not list the tables of ${result.source}: ${result.error}`);
          if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          else printDiscovery(result, process.stdout);
        } catch (error) {
          if (error instanceof AppError) fail(error.message);
          throw error;
        }
      }),
    );
}
