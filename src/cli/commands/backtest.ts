import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import type { Sensitivity } from '../../detect/index.js';
import { type BacktestReport, backtestMonitor } from '../../services/backtest-monitor.js';
import { CLI_ACTOR, EXIT_ERROR, withVigil } from '../load.js';
import { renderTable } from '../table.js';

const fmt = (n: number | null) =>
  n === null ? '' : Number.isInteger(n) ? n.toLocaleString('en-US') : String(Number(n.toPrecision(4)));

function band(e: BacktestReport['alerts'][number]['expected']): string {
  if (!e) return '';
  if (e.lower !== null && e.upper !== null) return `${fmt(e.lower)} – ${fmt(e.upper)}`;
  return e.lower !== null ? `≥ ${fmt(e.lower)}` : e.upper !== null ? `≤ ${fmt(e.upper)}` : '';
}

export function printBacktest(r: BacktestReport, out: NodeJS.WritableStream): void {
  const metric = (a: { metric: string; segment: string }) =>
    a.segment ? `${a.metric} [${a.segment}]` : a.metric;
  if (r.alerts.length > 0)
    out.write(
      renderTable(
        ['TIME', 'METRIC', 'VALUE', 'EXPECTED', 'SCORE', 'REASON'],
        r.alerts.map((a) => [
          a.at.replace('T', ' ').slice(0, 16),
          metric(a),
          fmt(a.value),
          band(a.expected),
          a.score.toFixed(2),
          a.reason,
        ]),
        100,
      ),
    );
  else out.write('no alerts: the monitor would have stayed quiet\n');
  out.write('\n');
  for (const s of r.series) {
    const x = s.summary;
    out.write(
      `  ${metric(s)} (${s.detector}): ${x.points} points, ${x.learning} learning, ${x.anomalies} alerts in ${x.episodes} episodes\n`,
    );
  }
  if (r.series.length === 0)
    out.write('  no metric history in this window: run the monitor, or backfill it first\n');
  out.write(
    `\n${r.monitor}: ${r.totals.alerts} alerts in ${r.totals.episodes} episodes over ${r.totals.points} points from ${r.since.slice(0, 10)} to ${r.until.slice(0, 10)} at ${r.sensitivity} sensitivity\n`,
  );
}

export function backtestCommand(program: Command): void {
  program
    .command('backtest')
    .argument('<monitor>', 'monitor name or id')
    .description("Replay a monitor's metric history and show the alerts it would have raised")
    .option('--days <n>', 'how far back to replay', '30')
    .option('--sensitivity <level>', 'low, medium or high (default: the monitor’s own)')
    .option('--json', 'print the result as JSON')
    .action((monitor: string, opts: { days: string; sensitivity?: string; json?: boolean }) =>
      withVigil(async (vigil) => {
        const days = Number(opts.days);
        const fail = (message: string) => {
          process.stderr.write(`vigil: ${message}\n`);
          process.exit(EXIT_ERROR);
        };
        if (!Number.isInteger(days) || days < 1 || days > 366)
          fail(`--days ${opts.days}: a whole number from 1 to 366`);
        if (opts.sensitivity && !['low', 'medium', 'high'].includes(opts.sensitivity))
          fail(`--sensitivity ${opts.sensitivity}: use low, medium or high`);
        try {
          const report = await backtestMonitor({
            ctx: { ...vigil.systemContext, actor: CLI_ACTOR },
            input: { monitorId: monitor, days, sensitivity: opts.sensitivity as Sensitivity | undefined },
          });
          if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          else printBacktest(report, process.stdout);
        } catch (error) {
          if (error instanceof AppError) fail(error.message);
          else throw error;
        }
      }),
    );
}
