import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { build } from '../../src/server/app.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { createApiToken } from '../../src/services/create-api-token.js';
import { openTestStore, type TestStore, testContext, testSecrets } from '../support/stores.js';

/**
 * A flood on the intake (heartbeat pings, webhooks, lineage) is refused early with 429 and a
 * Retry-After instead of queueing without bound; when the process itself is short of event-loop
 * time or memory, requests are refused with 503 and a Retry-After while /healthz still answers.
 */
let t: TestStore;
beforeAll(async () => {
  t = await openTestStore('pglite');
});
afterAll(async () => {
  await t?.dispose();
});

async function app(
  load?: ServerDeps['load'],
): Promise<{ app: FastifyInstance; admin: { authorization: string } }> {
  const clock = new ManualClock();
  const built = await build({
    store: t.store,
    clock,
    log: pino({ level: 'silent' }),
    secrets: testSecrets,
    config: loadConfig({}, '/nonexistent'),
    version: 'test',
    ...(load ? { load } : {}),
  });
  const { secret } = await createApiToken({
    ctx: testContext(t.store, undefined, clock),
    input: { name: 'a', role: 'admin' },
  });
  return { app: built, admin: { authorization: `Bearer ${secret}` } };
}

const blockEventLoop = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else runs on this thread meanwhile
  }
};

describe('a flood of heartbeat pings', () => {
  let s: Awaited<ReturnType<typeof app>>;
  beforeAll(async () => {
    s = await app();
  });
  afterAll(() => s?.app.close());

  it('is answered 429 with Retry-After past the intake bound, and what was refused is not stored', async () => {
    const hb = await s.app.inject({
      method: 'POST',
      url: '/api/v1/heartbeats',
      headers: s.admin,
      payload: { name: 'flooded', schedule: { period: '1h' } },
    });
    expect(hb.statusCode).toBe(201);
    const ping = new URL(hb.json().pingUrl).pathname;
    const answers = await Promise.all(
      Array.from({ length: 400 }, () => s.app.inject({ method: 'POST', url: ping })),
    );
    const count = (status: number) => answers.filter((r) => r.statusCode === status).length;
    // Refused early: 429 past the intake bound, or 503 if the flood also starved the event loop
    // (the embedded store runs on it). Never a failure, never a request left hanging.
    const unexpected = answers.filter((r) => ![200, 429, 503].includes(r.statusCode));
    expect(unexpected.map((r) => `${r.statusCode} ${r.body}`)).toEqual([]);
    expect(count(429), 'no request was refused at the intake bound').toBeGreaterThan(0);
    expect(count(200)).toBeGreaterThan(0);
    for (const refused of answers.filter((r) => r.statusCode !== 200)) {
      expect(['RATE_LIMITED', 'OVERLOADED']).toContain(refused.json().error.code);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    const stored = await t.store.db
      .selectFrom('heartbeat_pings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(count(200));
    // Once the flood is over, pings are taken again.
    await expect
      .poll(async () => (await s.app.inject({ method: 'POST', url: ping })).statusCode, {
        interval: 200,
        timeout: 30_000,
      })
      .toBe(200);
  }, 120_000);
});

describe('a process short of event-loop time', () => {
  let s: Awaited<ReturnType<typeof app>>;
  beforeAll(async () => {
    // Generous: an idle loop on a loaded machine stays far below it, a saturated one far above.
    s = await app({ maxEventLoopDelayMs: 200, sampleIntervalMs: 300 });
  });
  afterAll(() => s?.app.close());
  const read = () => s.app.inject({ url: '/api/v1/incidents', headers: s.admin });

  it('takes one long synchronous stretch in its stride', async () => {
    // Its own server with a limit of 1 s, still a third of the stall (a mean over the stall's sample
    // would pass it), so a loaded test machine's slow ticks cannot shed it either.
    const own = await app({ maxEventLoopDelayMs: 1_000, sampleIntervalMs: 300 });
    const read = () => own.app.inject({ url: '/api/v1/incidents', headers: own.admin });
    expect((await read()).statusCode).toBe(200);
    blockEventLoop(3_000);
    // Several samples pass; one slow tick among many is not overload.
    const statuses: number[] = [];
    const until = performance.now() + 1_500;
    while (performance.now() < until) {
      statuses.push((await read()).statusCode);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await own.app.close();
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });

  it('sheds requests with 503 and Retry-After while the loop is saturated, keeps /healthz, and recovers', async () => {
    // Work that never lets the loop rest, as a flood of CPU-heavy requests would.
    const saturate = setInterval(() => blockEventLoop(1_000), 1);
    let shed: Awaited<ReturnType<typeof read>> | undefined;
    try {
      await expect
        .poll(
          async () => {
            shed = await read();
            return shed.statusCode;
          },
          { interval: 20, timeout: 15_000 },
        )
        .toBe(503);
      expect((await s.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      clearInterval(saturate);
    }
    expect(shed?.json().error.code).toBe('OVERLOADED');
    expect(Number(shed?.headers['retry-after'])).toBeGreaterThan(0);
    await expect.poll(async () => (await read()).statusCode, { interval: 100, timeout: 20_000 }).toBe(200);
  }, 60_000);
});

describe('a process short of memory', () => {
  let s: Awaited<ReturnType<typeof app>>;
  beforeAll(async () => {
    // A heap limit the process is always over: every request past the first sample is shed.
    s = await app({ maxHeapUsedBytes: 1, sampleIntervalMs: 50 });
  });
  afterAll(() => s?.app.close());

  it('refuses intake and reads with 503 OVERLOADED, and still answers /healthz', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const read = await s.app.inject({ url: '/api/v1/incidents', headers: s.admin });
    expect(read.statusCode).toBe(503);
    expect(read.json().error.code).toBe('OVERLOADED');
    expect(read.headers['retry-after']).toBeDefined();
    const intake = await s.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: s.admin,
      payload: [],
    });
    expect(intake.statusCode).toBe(503);
    expect((await s.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
