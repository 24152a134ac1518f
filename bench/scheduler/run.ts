/**
 * One full scheduler cycle over N monitors on the embedded store, against a source that answers at
 * once (an in-process source whose every query returns 1 without work). Prints the cycle time and
 * Vigil's own time per monitor run (leasing, judging, store writes) — the figure to keep low —
 * and, beside it, the same cycle against DuckDB in memory running `select 1` for real.
 *
 *   npm run bench:scheduler -- [--monitors 5000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ManualClock } from '../../src/domain/clock.js';
import { SYSTEM_ACTOR } from '../../src/domain/roles.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import { defineSource } from '../../src/sources/definition.js';
import { duckdbSource } from '../../src/sources/duckdb/index.js';
import { ok } from '../../src/sources/errors.js';
import type { Source } from '../../src/sources/source.js';
import { z } from 'zod';
import { openStore } from '../../src/store/database.js';
import { json } from '../../src/store/executor.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { DEFAULT_SCHEDULER, runDueMonitors } from '../../src/worker/scheduler.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const count = arg('monitors', 5000);

// On disk, as `vigil serve` keeps it (.vigil/), unless --memory: PGlite's in-memory file system
// grows its files by copying, which costs more CPU than the disk does.
const dataDir = process.argv.includes('--memory') ? 'memory' : mkdtempSync(join(os.tmpdir(), 'vigil-bench-'));
const store = await openStore({ dataDir });
await store.migrate();
const secrets = createSecretBox(Buffer.alloc(32, 1));
const clock = new ManualClock('2026-03-02T00:00:00Z');
const ctx: ServiceContext = { store, clock, log: pino({ level: 'silent' }), actor: SYSTEM_ACTOR, secrets };
/** A source that answers every query at once with the number 1. */
const instantSource = defineSource({
  kind: 'instant',
  schema: z.object({ kind: z.literal('instant') }),
  create: (): Source => ({
    kind: 'instant',
    family: 'promql',
    testConnection: async () => ok(undefined),
    runQuery: async () =>
      ok({ columns: ['v'], rows: [{ v: 1 }], truncated: false }, { queries: 1, wallMs: 0 }),
    instantQuery: async () => ok({ resultType: 'scalar', series: [] }),
    rangeQuery: async () => ok({ resultType: 'matrix', series: [] }),
    close: async () => undefined,
  }),
});
const catalog = createSourceCatalog([instantSource, duckdbSource]);

async function cycle(
  kind: 'instant' | 'duckdb',
): Promise<{ ran: number; ms: number; cpuMs: number; sourceMs: number }> {
  await store.db.deleteFrom('check_results').execute();
  await store.db.deleteFrom('monitors').execute();
  await store.db.deleteFrom('sources').execute();
  const source = await createSource({
    ctx,
    input: { name: kind, kind, config: kind === 'duckdb' ? { path: ':memory:' } : {} },
  });

  // Monitors are inserted in bulk: the bench measures running them, not creating them.
  const now = clock.now();
  for (let i = 0; i < count; i += 500) {
    const rows = Array.from({ length: Math.min(500, count - i) }, (_, k) => ({
      id: `mon_bench_${i + k}`,
      name: `bench ${i + k}`,
      kind: 'custom_sql',
      source_id: source.id,
      asset: 'main.t',
      config: json({ sql: 'select 1 as v', bounds: { min: 0 } }),
      schedule: json({ every: '1h' }),
      severity: 'log',
      labels: json({}),
      description: '',
      enabled: true,
      origin: 'api',
      next_run_at: now,
      created_at: now,
      updated_at: now,
    }));
    await store.db.insertInto('monitors').values(rows).execute();
  }

  const sources = new SourceProvider(catalog.factory, secrets);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const ran = await runDueMonitors(ctx, { ...DEFAULT_SCHEDULER, sources, workerId: 'bench' });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // CPU time of this process (user + system): unlike wall time it does not grow when other work
  // shares the machine, so it is the fairer figure for "Vigil's own time".
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const agg = await store.db
    .selectFrom('check_results')
    .select((eb) => eb.fn.sum<number>('query_ms').as('source_ms'))
    .executeTakeFirstOrThrow();
  await sources.closeAll();
  return { ran, ms, cpuMs, sourceMs: Number(agg.source_ms) };
}

const instant = await cycle('instant');
const duck = await cycle('duckdb');
console.log(
  `${count} monitors, one full cycle on the embedded store (PGlite, ${dataDir === 'memory' ? 'in memory' : 'on disk'})\n`,
);
console.log('source                      cycle      per monitor   CPU per monitor   source time (summed)');
for (const [name, r] of [
  ['answers at once', instant],
  ['DuckDB, select 1', duck],
] as const) {
  console.log(
    `${name.padEnd(26)}  ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${(r.ms / r.ran).toFixed(2).padStart(8)} ms  ${(r.cpuMs / r.ran).toFixed(2).padStart(11)} ms     ${(r.sourceMs / 1000).toFixed(2)} s`,
  );
}
console.log(
  `\nVigil's own time per monitor run: ${(instant.ms / instant.ran).toFixed(2)} ms wall, ${(instant.cpuMs / instant.ran).toFixed(2)} ms CPU (target < 2 ms); load average ${os.loadavg()[0]?.toFixed(1)}`,
);
await store.close();
if (dataDir !== 'memory') rmSync(dataDir, { recursive: true, force: true });
