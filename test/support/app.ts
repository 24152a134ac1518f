import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { Role } from '../../src/domain/roles.js';
import { build } from '../../src/server/app.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { createApiToken } from '../../src/services/create-api-token.js';
import type { Store } from '../../src/store/database.js';
import { testContext, testSecrets } from './stores.js';

export interface TestApp {
  app: FastifyInstance;
  clock: ManualClock;
  /** Bearer headers for a fresh token of each role. */
  as: Record<Role, { authorization: string }>;
}

export async function buildTestApp(
  store: Store,
  extra: Partial<Pick<ServerDeps, 'notify' | 'runner' | 'catalog' | 'webRoot' | 'load'>> = {},
): Promise<TestApp> {
  const clock = new ManualClock();
  const config = loadConfig({}, '/nonexistent');
  const app = await build({
    store,
    clock,
    log: pino({ level: 'silent' }),
    secrets: testSecrets,
    config,
    version: 'test',
    // A loaded test machine stalls the event loop; shedding is tested on its own
    // (test/security/load-shedding.test.ts), so other tests are not refused for the machine's load.
    load: { maxEventLoopDelayMs: 3_600_000 },
    ...extra,
  });
  const ctx = testContext(store, undefined, clock);
  const as = {} as TestApp['as'];
  for (const role of ['viewer', 'responder', 'admin'] as const) {
    const { secret } = await createApiToken({ ctx, input: { name: `${role} test`, role } });
    as[role] = { authorization: `Bearer ${secret}` };
  }
  return { app, clock, as };
}
