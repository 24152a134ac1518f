/**
 * OpenLineage intake throughput and latency, against a real `vigil serve` (HTTP server and worker)
 * on the embedded store (PGlite, on disk in a temporary folder), from a load generator in its own
 * process over loopback. Each scenario runs for a fixed time on a fresh store.
 *
 *   npm run bench:ingest -- [--seconds 15] [--batch 20] [--concurrency 4] [--rate 1500] [--no-compare] [--target-only]
 *
 * Four forms: one event per request (8 connections), arrays of 100 (4 connections), and the target
 * form, arrays of --batch on --concurrency connections, first as fast as they are answered, then
 * paced at --rate events/s (latency counted from when each request was due). Each runs with the
 * intake's catalog memo off, then on (--no-compare: on only), so the gain shows in one run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { createVigil } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { setCatalogMemoEnabled } from '../../src/services/catalog/intake-memo.js';
import { createApiToken } from '../../src/services/create-api-token.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('seconds', 15);
const batch = arg('batch', 20);
const concurrency = arg('concurrency', 4);
const rate = arg('rate', 1500);
const compare = !process.argv.includes('--no-compare');
const targetOnly = process.argv.includes('--target-only');
const loader = fileURLToPath(new URL('./load.ts', import.meta.url));

/** The target: sustained events/s at or above, request p99 below. */
const TARGET = { eventsPerSecond: 1000, p99Ms: 100 };

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
type Row = Figures & { form: string; memo: boolean; stored: number; cpuMsPerEvent: number; load: number };

async function scenario(
  form: string,
  mode: 'single' | 'batch',
  conc: number,
  size: number,
  pace: number,
  memo: boolean,
) {
  setCatalogMemoEnabled(memo);
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-ingest-'));
  const config = loadConfig({ VIGIL_LOG_LEVEL: 'silent', VIGIL_DATA_DIR: dataDir }, '/nonexistent');
  const vigil = await createVigil(config, { log: pino({ level: 'silent' }) });
  try {
    const { secret } = await createApiToken({
      ctx: vigil.systemContext,
      input: { name: 'bench', role: 'responder' },
    });
    const url = await vigil.server!.listen({ host: '127.0.0.1', port: 0 });
    const load = loadavg()[0]!;
    // The server's own CPU time per event: what the intake costs, whatever else loads the machine.
    const cpu0 = process.cpuUsage();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        loader,
        url,
        secret,
        mode,
        String(seconds),
        String(conc),
        String(size),
        String(pace),
      ],
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
    return { ...figures, form, memo, stored: Number(stored.n), cpuMsPerEvent, load } satisfies Row;
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
type Form = [string, 'single' | 'batch', number, number, number];
const forms: Form[] = [
  ['one event per request', 'single', 8, 1, 0],
  ['batch of 100', 'batch', 4, 100, 0],
  [`batch of ${batch} (target form), unpaced`, 'batch', concurrency, batch, 0],
  [`batch of ${batch} (target form), paced at ${rate}/s`, 'batch', concurrency, batch, rate],
];
if (targetOnly) forms.splice(0, 2);
const rows: Row[] = [];
for (const [form, mode, conc, size, pace] of forms) {
  if (compare) rows.push(await scenario(form, mode, conc, size, pace, false));
  rows.push(await scenario(form, mode, conc, size, pace, true));
}
setCatalogMemoEnabled(true);
console.log(
  '| form | catalog memo | concurrency | events / request | events/s | slowest second | request p50 ms | request p99 ms | max ms | errors | runs stored | server CPU ms / event | load avg (1 min) at start | meets target |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const meets = r.errors === 0 && r.eventsPerSecond >= TARGET.eventsPerSecond && r.p99 < TARGET.p99Ms;
  console.log(
    `| ${r.form} | ${r.memo ? 'on' : 'off'} | ${r.concurrency} | ${r.batchSize} | ${r.eventsPerSecond} | ${r.slowestSecond} | ${r.p50} | ${r.p99} | ${r.max} | ${r.errors} | ${r.stored} | ${r.cpuMsPerEvent.toFixed(2)} | ${r.load.toFixed(2)} | ${meets ? 'yes' : 'no'} |`,
  );
}
const [a1] = loadavg();
console.log(
  `\ntarget: >= ${TARGET.eventsPerSecond} events/s sustained and request p99 < ${TARGET.p99Ms} ms; load average after: ${a1!.toFixed(2)}`,
);
