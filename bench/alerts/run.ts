/**
 * Alert latency and flood control, on the embedded store with the real worker running.
 *
 * 1. Latency: from a failing check stored to the request received by a local Slack-compatible
 *    receiver (group_wait 0), over N alerts: p50 and p99.
 * 2. Flood: 10 events per monitor from M monitors (fire, resolve, fire …) within a minute of
 *    clock time, routed with group_by [source]: how many messages go out; and the dispatcher's
 *    throughput when every monitor is its own group.
 *
 *   npm run bench:alerts -- [--alerts 1000] [--monitors 1000]
 */
import { loadConfig } from '../../src/config.js';
import { createVigil } from '../../src/app.js';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createChannel } from '../../src/services/channels.js';
import { runMonitorNow } from '../../src/services/run-monitor-now.js';
import { createSource } from '../../src/services/sources.js';
import { json } from '../../src/store/executor.js';
import pino from 'pino';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const alerts = arg('alerts', 1000);
const timeOrigin = performance.timeOrigin;
/** A Slack-compatible receiver: answers 200 and prints the wall time of each request. */
const RECEIVER = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { process.stdout.write('R ' + (performance.timeOrigin + performance.now()) + '\\n'); s.end('ok'); }); }).listen(0, '127.0.0.1', function () { process.stdout.write('listening http://127.0.0.1:' + this.address().port + '\\n'); });`;

const config = loadConfig({ VIGIL_LOG_LEVEL: 'silent' }, '/nonexistent');
config.security.allowOutboundCidrs = ['127.0.0.0/8'];
const vigil = await createVigil(config, { memoryStore: true, http: false, log: pino({ level: 'silent' }) });
const ctx = vigil.systemContext;
// The receiver runs in its own process, as Slack would: the embedded store runs queries on this
// process's thread, and a receiver sharing it would measure our own queueing, not delivery.
const received: number[] = [];
const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const origin = await new Promise<string>((resolve) => {
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += String(chunk);
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('listening ')) resolve(line.slice(10));
      else if (line.startsWith('R ')) received.push(Number(line.slice(2)) - timeOrigin);
    }
  });
});
const slack = { origin, close: async () => void child.kill() };
await createChannel({
  ctx,
  input: {
    name: 'bench-slack',
    kind: 'slack',
    config: { url: `${slack.origin}/services/T/B/X` },
    deps: {
      policy: (await import('../../src/notify/index.js')).outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }),
    },
  },
});
const source = await createSource({
  ctx,
  input: { name: 'mem', kind: 'duckdb', config: { path: ':memory:' } },
});

const now = vigil.clock.now();
const rows = Array.from({ length: alerts }, (_, i) => ({
  id: `mon_lat_${i}`,
  name: `latency ${i}`,
  kind: 'custom_sql',
  source_id: source.id,
  asset: `main.t${i}`,
  config: json({ sql: 'select 1 as v', bounds: { max: 0 } }),
  schedule: json({ every: '1d' }),
  severity: 'page',
  labels: json({}),
  description: '',
  enabled: true,
  origin: 'api',
  next_run_at: new Date(now.getTime() + 86_400_000),
  created_at: now,
  updated_at: now,
}));
for (let i = 0; i < rows.length; i += 500)
  await ctx.store.db
    .insertInto('monitors')
    .values(rows.slice(i, i + 500))
    .execute();

const latencies: number[] = [];
for (let i = 0; i < alerts; i++) {
  const before = received.length;
  await runMonitorNow({ ctx, input: { id: `mon_lat_${i}`, deps: vigil.runner } });
  const stored = performance.now();
  while (received.length === before) await new Promise((r) => setTimeout(r, 1));
  latencies.push((received[before] as number) - stored);
}
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] as number;
console.log(
  `alert latency, failing check stored -> Slack-compatible receiver, ${alerts} alerts, group_wait 0`,
);
console.log(
  `  p50 ${pct(50).toFixed(1)} ms   p90 ${pct(90).toFixed(1)} ms   p99 ${pct(99).toFixed(1)} ms   max ${(latencies.at(-1) as number).toFixed(1)} ms`,
);

// Flood: the same alerts flapping, grouped by source: one group, so one message per group_interval.
await ctx.store.db
  .insertInto('settings')
  .values({
    key: 'routing',
    value: json({
      route: {
        receiver: ['bench-slack'],
        group_by: ['source'],
        group_wait: '0s',
        group_interval: '5m',
        repeat_interval: '4h',
      },
    }),
  })
  .onConflict((oc) =>
    oc.column('key').doUpdateSet({
      value: json({
        route: {
          receiver: ['bench-slack'],
          group_by: ['source'],
          group_wait: '0s',
          group_interval: '5m',
          repeat_interval: '4h',
        },
      }),
    }),
  )
  .execute();
await ctx.store.db.deleteFrom('notification_groups').execute();
const monitors = arg('monitors', 1000);
const beforeFlood = received.length;
const { upsertAlert } = await import('../../src/services/alerts/upsert-alert.js');
const { loadRouting } = await import('../../src/services/alerts/routing-config.js');
const t0 = performance.now();
for (let round = 0; round < 10; round++) {
  // Events are written as the scheduler writes checks: a leased batch of 50 per transaction.
  for (let start = 0; start < monitors; start += 50) {
    await ctx.store.db.transaction().execute(async (trx) => {
      const routing = await loadRouting(trx);
      for (let m = start; m < Math.min(monitors, start + 50); m++) {
        await upsertAlert(trx, routing, {
          fingerprint: `flood:${m}`,
          origin: 'monitor',
          status: round % 2 === 0 ? 'firing' : 'resolved',
          severity: 'page',
          title: `flood ${m}`,
          summary: 'x',
          labels: { source: 'mem', monitor: `flood ${m}`, severity: 'page' },
          annotations: { title: `flood ${m}`, summary: 'x' },
          at: vigil.clock.now(),
        });
      }
    });
    vigil.worker?.kick('notifications');
  }
}
await new Promise((r) => setTimeout(r, 1500));
const floodMs = performance.now() - t0;
console.log(
  `flood: ${monitors * 10} alert events from ${monitors} monitors in ${(floodMs / 1000).toFixed(1)} s -> ${received.length - beforeFlood} message(s) (group_by [source], group_interval 5m)`,
);

// Throughput: every monitor its own group (group_by [monitor]) fires once: messages per second.
await ctx.store.db
  .updateTable('settings')
  .set({
    value: json({
      route: {
        receiver: ['bench-slack'],
        group_by: ['monitor'],
        group_wait: '0s',
        group_interval: '5m',
        repeat_interval: '4h',
      },
    }),
  })
  .where('key', '=', 'routing')
  .execute();
await ctx.store.db.deleteFrom('notification_groups').execute();
await ctx.store.db.deleteFrom('alerts').where('fingerprint', 'like', 'tp:%').execute();
const beforeTp = received.length;
const t1 = performance.now();
await ctx.store.db.transaction().execute(async (trx) => {
  const routing = await loadRouting(trx);
  for (let m = 0; m < monitors; m++) {
    await upsertAlert(trx, routing, {
      fingerprint: `tp:${m}`,
      origin: 'monitor',
      status: 'firing',
      severity: 'page',
      title: `tp ${m}`,
      summary: 'x',
      labels: { source: 'mem', monitor: `tp ${m}`, severity: 'page' },
      annotations: { title: `tp ${m}`, summary: 'x' },
      at: vigil.clock.now(),
    });
  }
});
vigil.worker?.kick('notifications');
while (received.length - beforeTp < monitors && performance.now() - t1 < 120_000)
  await new Promise((r) => setTimeout(r, 20));
const tpMs = performance.now() - t1;
console.log(
  `dispatch: ${received.length - beforeTp} messages for ${monitors} groups in ${(tpMs / 1000).toFixed(2)} s = ${((received.length - beforeTp) / (tpMs / 1000)).toFixed(0)} messages/s`,
);
await slack.close();
await vigil.close();
