import { join } from 'node:path';
import type { Command } from 'commander';
import type { DemoEvent } from '../../demo/pipeline.js';
import { startDemo } from '../../demo/start-demo.js';
import { FAULTS, faultTimes, HOUR, MINUTE } from '../../demo/timeline.js';
import { configOrExit, failStartup } from '../load.js';

const hhmm = (d: Date) => d.toISOString().slice(11, 16);

function realDelay(ms: number, speed: number): string {
  const s = Math.max(0, Math.round(ms / speed / 1000));
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
}

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run Vigil on a demo shop warehouse where real kinds of data incidents happen on a schedule')
    .option(
      '--speed <n>',
      'simulated seconds per real second (60: the hourly pipeline loads every minute)',
      '60',
    )
    .option('--no-faults', 'a clean pipeline, no scheduled incidents (on a fresh or --reset demo)')
    .option('--reset', 'delete the demo and start it over')
    .action(async (opts: { speed: string; faults: boolean; reset?: boolean }) => {
      const speed = Number(opts.speed);
      if (!Number.isFinite(speed) || speed <= 0 || speed > 3600) {
        process.stderr.write('vigil: --speed must be a number above 0 and at most 3600\n');
        process.exit(2);
      }
      const config = configOrExit();
      const out = process.stdout;
      const dir = join(config.store.dataDir, 'demo');
      out.write(
        `Vigil demo in ${dir}: an online shop's DuckDB warehouse, loaded every hour by a pipeline.\n`,
      );
      const onEvent = (e: DemoEvent) => {
        if (e.kind === 'fault') out.write(`[${hhmm(e.at)}] incident begins: ${e.title}\n`);
        if (e.kind === 'healed') out.write(`[${hhmm(e.at)}] fixed upstream:  ${e.title}\n`);
      };
      const demo = await startDemo(config, {
        dir,
        speed,
        faults: opts.faults,
        ...(opts.reset ? { reset: true } : {}),
        onEvent,
      }).catch(failStartup);
      const { vigil, state } = demo;
      if (!demo.fresh && state.faults !== opts.faults)
        out.write(`(resuming a demo made ${state.faults ? 'with' : 'without'} faults; --reset to change)\n`);
      const url = vigil.server
        ? await vigil.server.listen({ host: config.server.host, port: config.server.port }).catch(failStartup)
        : '';
      out.write(`\nVigil is running at ${url}  (API ${url}/api/v1)\n`);
      out.write(`Admin API token (paste it in the UI): ${state.adminToken}\n\n`);
      out.write(
        `Time runs ${speed}x: one simulated hour every ${realDelay(HOUR, speed)}. Demo clock now ${hhmm(demo.clock.now())} UTC, four weeks of history loaded, baselines trained.\n`,
      );
      const now = demo.clock.now().getTime();
      const ahead = state.faults
        ? FAULTS.filter((f) => faultTimes(f, state.t0).visibleAt + 30 * MINUTE > now)
        : [];
      if (ahead.length > 0) {
        out.write('Scheduled incidents (demo time, and when to look in real time):\n');
        for (const f of ahead) {
          const t = faultTimes(f, state.t0);
          out.write(
            `  ${hhmm(new Date(t.visibleAt))}  in ~${realDelay(t.visibleAt - now, speed).padEnd(6)}  ${f.title}\n`,
          );
        }
      }
      out.write('Press Ctrl-C to stop; `vigil demo` resumes where it stopped, `--reset` starts over.\n\n');
      const shutdown = async (signal: string) => {
        vigil.log.info({ signal }, 'shutting down the demo');
        await demo.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
    });
}
