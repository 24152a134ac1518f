/**
 * The load generator of the ingest bench, run as its own process so it never shares the server's
 * thread: it sends OpenLineage run events (START then COMPLETE of the same run, each with an
 * input and an output dataset) over keep-alive HTTP for a fixed time at a fixed concurrency and
 * prints one JSON line of figures.
 *
 *   tsx bench/ingest/load.ts <url> <token> <mode single|batch> <seconds> <concurrency> <batchSize> [rate]
 *
 * With a rate (events/s), each connection sends on a fixed schedule instead of as fast as it can,
 * and a request's latency counts from when it was due, so a server falling behind shows in the
 * figures rather than slowing the sender down (no coordinated omission).
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

const [url, token, mode, secondsText, concurrencyText, batchText, rateText] = process.argv.slice(2);
const rate = Number(rateText ?? 0);
const seconds = Number(secondsText);
const concurrency = Number(concurrencyText);
const batchSize = mode === 'batch' ? Number(batchText) : 1;
const target = new URL('/api/v1/lineage', url);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.40.0/integration/spark';
const SCHEMA = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const JOBS = 200;
const TABLES = 1000;
let seq = 0;
const open: Array<{ runId: string; job: number }> = [];

const dataset = (i: number) => ({
  namespace: 'postgres://warehouse:5432',
  name: `analytics.public.t${i % TABLES}`,
});

/** Alternates START of a new run and COMPLETE of an open one, so run state moves as in production. */
function nextEvent(): object {
  seq++;
  const completing = open.length > concurrency * batchSize * 2 || (open.length > 0 && seq % 2 === 0);
  const run = completing ? open.shift()! : { runId: randomUUID(), job: seq % JOBS };
  if (!completing) open.push(run);
  return {
    eventType: completing ? 'COMPLETE' : 'START',
    eventTime: new Date().toISOString(),
    producer: PRODUCER,
    schemaURL: SCHEMA,
    run: { runId: run.runId },
    job: { namespace: 'spark-prod', name: `job_${run.job}` },
    inputs: [dataset(run.job)],
    outputs: [dataset(run.job + 1)],
  };
}

function post(body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const latencies: number[] = [];
const perSecond = new Map<number, number>();
let events = 0;
let errors = 0;
const started = performance.now();
const deadline = started + seconds * 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function worker(index: number): Promise<void> {
  // Paced: this connection's requests are due every `interval` ms, the connections staggered.
  const interval = rate > 0 ? (concurrency * batchSize * 1000) / rate : 0;
  let due = started + (interval * index) / concurrency;
  while (performance.now() < deadline && due < deadline) {
    if (interval > 0) {
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const batch = Array.from({ length: batchSize }, nextEvent);
    const body = JSON.stringify(mode === 'batch' ? batch : batch[0]);
    const t0 = interval > 0 ? due : performance.now();
    const status = await post(body);
    const t1 = performance.now();
    if (status !== 200) errors++;
    latencies.push(t1 - t0);
    events += batchSize;
    const s = Math.floor((t1 - started) / 1000);
    perSecond.set(s, (perSecond.get(s) ?? 0) + batchSize);
    due += interval;
  }
}

await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] ?? 0;
// Whole seconds only: the last partial second would understate the rate.
const full = [...perSecond.entries()].filter(([s]) => s < Math.floor(elapsed)).map(([, n]) => n);
process.stdout.write(
  `${JSON.stringify({
    mode,
    concurrency,
    batchSize,
    seconds: Math.round(elapsed * 10) / 10,
    requests: latencies.length,
    events,
    errors,
    eventsPerSecond: Math.round(events / elapsed),
    slowestSecond: full.length > 0 ? Math.min(...full) : 0,
    p50: Math.round(q(0.5) * 10) / 10,
    p99: Math.round(q(0.99) * 10) / 10,
    max: Math.round((latencies[latencies.length - 1] ?? 0) * 10) / 10,
  })}\n`,
);
agent.destroy();
