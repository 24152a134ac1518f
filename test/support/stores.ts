import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { ManualClock } from '../../src/domain/clock.js';
import { SYSTEM_ACTOR, type Actor } from '../../src/domain/roles.js';
import type { ServiceContext } from '../../src/services/context.js';
import { openStore, type Store } from '../../src/store/database.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { testServer } from './servers.js';

export interface TestStore {
  store: Store;
  /** The scratch database's URL (PostgreSQL only), for a second process or pool on the same data. */
  url?: string;
  /** Drops what the store made (a scratch PostgreSQL database). */
  dispose(): Promise<void>;
}

/**
 * The two dialects the store suite runs on: the embedded PGlite and a real PostgreSQL server.
 * Each PostgreSQL store gets a database of its own, so test files can run side by side.
 */
export const STORE_KINDS = ['pglite', 'postgres'] as const;

export function storeAvailable(kind: (typeof STORE_KINDS)[number]): boolean {
  return kind === 'pglite' || Boolean(testServer('VIGIL_TEST_PG_URL'));
}

export async function openTestStore(kind: (typeof STORE_KINDS)[number]): Promise<TestStore> {
  if (kind === 'pglite') {
    const store = await openStore({ dataDir: 'memory' });
    await store.migrate();
    return { store, dispose: () => store.close() };
  }
  const adminUrl = testServer('VIGIL_TEST_PG_URL');
  if (!adminUrl) throw new Error('VIGIL_TEST_PG_URL is not set');
  const name = `vigil_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  await store.migrate();
  return {
    store,
    url: url.toString(),
    async dispose() {
      await store.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const testSecrets = createSecretBox(Buffer.alloc(32, 7));

export function testContext(
  store: Store,
  actor: Actor = SYSTEM_ACTOR,
  clock = new ManualClock(),
): ServiceContext & { clock: ManualClock } {
  return { store, clock, log: pino({ level: 'silent' }), actor, secrets: testSecrets };
}
