import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { endMaintenance, startMaintenance } from '../../services/alerts/maintenance-windows.js';
import { CLI_ACTOR, EXIT_ERROR, withVigil } from '../load.js';

interface Remote {
  url?: string;
  token?: string;
}

/** With --url, the command asks a running server (a pipeline far from Vigil's store); else the store. */
async function remote(opts: Remote, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${opts.url?.replace(/\/$/, '')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token ?? ''}` },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { error?: { message: string } };
  if (!res.ok) throw new Error(answer.error?.message ?? `HTTP ${res.status}`);
  return answer;
}

function fail(error: unknown): void {
  process.stderr.write(`vigil: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof AppError && error.code === 'NOT_FOUND' ? 1 : EXIT_ERROR;
}

/**
 * `vigil maintenance start ASSET --for 2h` before a backfill or migration, `vigil maintenance end
 * ASSET` after it: alerts on the asset are recorded meanwhile, not notified.
 */
export function maintenanceCommand(program: Command): void {
  const cmd = program
    .command('maintenance')
    .description('Open or close a maintenance window on an asset or source (a backfill, a migration)');
  cmd
    .command('start')
    .description('Open a window: alerts on TARGET are recorded, not notified, until it ends')
    .argument('<target>', 'the asset (e.g. main.orders), or the source with --source')
    .requiredOption('--for <duration>', 'how long at most, e.g. 2h; `end` closes it earlier')
    .option('--source', 'TARGET is a source, not an asset')
    .option('--reason <text>', 'shown on the alerts it holds back', 'declared backfill')
    .option('--url <url>', 'ask a running Vigil server instead of opening the store')
    .option('--token <token>', 'API token (responder) for --url')
    .option('--json', 'print the window as JSON')
    .action(
      async (
        target: string,
        opts: Remote & { for: string; source?: boolean; reason: string; json?: boolean },
      ) => {
        const input = {
          scope: opts.source ? ('source' as const) : ('asset' as const),
          target,
          reason: opts.reason,
          for: opts.for,
        };
        try {
          const window = opts.url
            ? await remote(opts, '/api/v1/maintenance-windows', {
                [input.scope]: target,
                reason: input.reason,
                for: input.for,
              })
            : await withVigil((v) =>
                startMaintenance({ ctx: { ...v.systemContext, actor: CLI_ACTOR }, input }),
              );
          const w = window as { id: string; endsAt: string };
          process.stdout.write(
            opts.json
              ? `${JSON.stringify(window, null, 2)}\n`
              : `maintenance ${w.id} on ${target} until ${w.endsAt}\n`,
          );
        } catch (error) {
          fail(error);
        }
      },
    );
  cmd
    .command('end')
    .description('Close every open window on TARGET now')
    .argument('<target>', 'the asset, or the source with --source')
    .option('--source', 'TARGET is a source, not an asset')
    .option('--url <url>', 'ask a running Vigil server instead of opening the store')
    .option('--token <token>', 'API token (responder) for --url')
    .action(async (target: string, opts: Remote & { source?: boolean }) => {
      const scope = opts.source ? ('source' as const) : ('asset' as const);
      try {
        const done = (
          opts.url
            ? await remote(opts, '/api/v1/maintenance-windows/end', { [scope]: target })
            : await withVigil((v) =>
                endMaintenance({ ctx: { ...v.systemContext, actor: CLI_ACTOR }, input: { scope, target } }),
              )
        ) as { ended: string[] };
        process.stdout.write(`ended ${done.ended.length} maintenance window(s) on ${target}\n`);
      } catch (error) {
        fail(error);
      }
    });
}
