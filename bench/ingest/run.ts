/**
 * OpenLineage intake throughput and latency, against a real `vigil serve` (HTTP server and worker)
 * on the embedded store (PGlite, on disk in a temporary folder), from a load generator in its own
 * process over loopback. Each scenario runs for a fixed time; each gets a fresh store.
 *
 *   npm run bench:ingest -- [--seconds 20] [--concurrency 8] [--batch 100]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { createVigil } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createApiToken } from '../../src/services/create-api-token.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('seconds', 20);
const concurrency = arg('concurrency', 8);
const batch = arg('batch', 100);
const loader = fileURLToPath(new URL('./load.ts', import.meta.url));

interface Figures {
  mode: string;
  concurrency: number;
  batchSize: number;
  seconds: number;
  requests: number;
  events: number;
  errors: number;
  eventsPerSecond: number;
  slowestSecond: number;
  p50: number;
  p99: number;
  max: number;
}

async function scenario(
  mode: 'single' | 'batch',
  conc: number,
  size: number,
): Promise<Figures & { stored: number; cpuMsPerEvent: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-ingest-'));
  const config = loadConfig({ VIGIL_LOG_LEVEL: 'silent', VIGIL_DATA_DIR: dataDir }, '/nonexistent');
  const vigil = await createVigil(config, { log: pino({ level: 'silent' }) });
  try {
    const { secret } = await createApiToken({
      ctx: vigil.systemContext,
      input: { name: 'bench', role: 'responder' },
    });
    const url = await vigil.server!.listen({ host: '127.0.0.1', port: 0 });
    // The server's own CPU time per event: what the intake costs, whatever else loads the machine.
    const cpu0 = process.cpuUsage();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', loader, url, secret, mode, String(seconds), String(conc), String(size)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += String(c);
    });
    await new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const cpu = process.cpuUsage(cpu0);
    const figures = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Figures;
    const stored = await vigil.store.db
      .selectFrom('pipeline_runs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const cpuMsPerEvent = (cpu.user + cpu.system) / 1000 / Math.max(1, figures.events);
    return { ...figures, stored: Number(stored.n), cpuMsPerEvent };
  } finally {
    await vigil.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const [l1, l5] = loadavg();
console.log(
  `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${l1!.toFixed(2)} / ${l5!.toFixed(2)} (1 / 5 min)`,
);
console.log(`${seconds} s per scenario, embedded store on disk, worker running\n`);
const rows = [
  await scenario('single', concurrency, 1),
  await scenario('batch', Math.max(1, Math.floor(concurrency / 2)), batch),
];
console.log(
  '| form | concurrency | events / request | events/s | slowest second | request p50 ms | request p99 ms | max ms | errors | runs stored | server CPU ms / event | events per CPU-second |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.mode === 'single' ? 'one event per request' : 'batch (array)'} | ${r.concurrency} | ${r.batchSize} | ${r.eventsPerSecond} | ${r.slowestSecond} | ${r.p50} | ${r.p99} | ${r.max} | ${r.errors} | ${r.stored} | ${r.cpuMsPerEvent.toFixed(2)} | ${Math.round(1000 / r.cpuMsPerEvent)} |`,
  );
}
const [a1] = loadavg();
console.log(`\nload average after: ${a1!.toFixed(2)}`);
