import type { Command } from 'commander';
import { listMonitors } from '../../services/monitors.js';
import type { CheckResultView } from '../../services/monitor-views.js';
import { runMonitorNow } from '../../services/run-monitor-now.js';
import { parseSelector, selectMonitors } from '../../services/select-monitors.js';
import { listLiveSources } from '../../store/repositories/sources.js';
import { CLI_ACTOR, EXIT_ERROR, withVigil } from '../load.js';
import { applyFromConfig } from './apply.js';
import { renderTable } from '../table.js';

const fmt = (n: number | null | undefined) =>
  n === null || n === undefined
    ? ''
    : Number.isInteger(n)
      ? n.toLocaleString('en-US')
      : String(Number(n.toPrecision(4)));

function expectedText(r: CheckResultView): string {
  if (!r.expected) return '';
  const { lower, upper } = r.expected;
  if (lower !== null && upper !== null) return lower === upper ? fmt(lower) : `${fmt(lower)} – ${fmt(upper)}`;
  return lower !== null ? `≥ ${fmt(lower)}` : upper !== null ? `≤ ${fmt(upper)}` : '';
}

export function checkCommand(program: Command): void {
  program
    .command('check')
    .description('Run monitors once and exit 1 if any failed, 2 on errors (for CI, like dbt test)')
    .option('--select <selector...>', 'tag:X, asset:Y (globs), monitor:NAME, kind:K, source:S, owner:O')
    .option('--json', 'print the results as JSON')
    .option('--no-apply', 'do not sync vigil.yaml / monitors/ first')
    .action((opts: { select?: string[]; json?: boolean; apply: boolean }) =>
      withVigil(async (vigil) => {
        const bad = (opts.select ?? []).filter((s) => !parseSelector(s));
        if (bad.length) {
          process.stderr.write(
            `vigil: unknown selector ${bad.join(', ')}; use tag:, asset:, monitor:, kind:, source: or owner:\n`,
          );
          process.exit(EXIT_ERROR);
        }
        if (opts.apply) await applyFromConfig(vigil, false);
        const ctx = { ...vigil.systemContext, actor: CLI_ACTOR };
        const sources = new Map((await listLiveSources(vigil.store.db)).map((s) => [s.id, s.name]));
        const selected = selectMonitors(await listMonitors({ ctx, input: {} }), opts.select ?? [], sources);
        const results: Array<{ name: string; asset: string; result: CheckResultView }> = [];
        for (const m of selected) {
          results.push({
            name: m.name,
            asset: m.asset,
            result: await runMonitorNow({ ctx, input: { id: m.id, deps: vigil.runner } }),
          });
        }
        const failed = results.filter((r) => r.result.status === 'fail').length;
        const errors = results.filter((r) => r.result.status === 'error').length;
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ results: results.map((r) => ({ monitor: r.name, asset: r.asset, ...r.result })), failed, errors }, null, 2)}\n`,
          );
        } else {
          const rows = results.map((r) => [
            r.result.status.toUpperCase(),
            r.name,
            r.asset,
            fmt(r.result.observed),
            expectedText(r.result),
            r.result.message,
          ]);
          process.stdout.write(
            renderTable(['STATUS', 'MONITOR', 'ASSET', 'OBSERVED', 'EXPECTED', 'MESSAGE'], rows),
          );
          process.stdout.write(
            `\n${results.length} monitors: ${results.length - failed - errors} passed, ${failed} failed, ${errors} errors\n`,
          );
        }
        process.exitCode = errors > 0 ? EXIT_ERROR : failed > 0 ? 1 : 0;
      }),
    );
}
