import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../support/servers.js';
import { openTestStore, type TestStore } from '../support/stores.js';

const server = testServer('VIGIL_TEST_PG_URL');

/**
 * Vigil's own PostgreSQL store: an admin who terminates one of its connections (or a failover)
 * fails the statement on it, never the process; the next statement gets a fresh connection.
 */
describe.skipIf(!server)("Vigil's PostgreSQL store when a connection is killed", () => {
  const crashes: unknown[] = [];
  const onCrash = (e: unknown) => crashes.push(e);
  let t: TestStore;
  let admin: pg.Client;
  beforeAll(async () => {
    process.on('uncaughtException', onCrash);
    t = await openTestStore('postgres');
    admin = new pg.Client({ connectionString: server });
    await admin.connect();
  });
  afterAll(async () => {
    process.off('uncaughtException', onCrash);
    await admin?.end();
    await t?.dispose();
  });

  it('fails the statement on the killed connection and answers the next one', async () => {
    const marker = `store_kill_${randomBytes(3).toString('hex')}`;
    // Inside a transaction the connection stays checked out while the server hangs up on it.
    const running = t.store.db
      .transaction()
      .execute(async (trx) => {
        await sql`SELECT pg_sleep(20) AS ${sql.ref(marker)}`.execute(trx);
      })
      .then(
        () => 'finished',
        () => 'failed',
      );
    let killed = 0;
    for (let i = 0; i < 200 && killed === 0; i++) {
      const { rows } = await admin.query(
        `SELECT pg_terminate_backend(pid) AS k FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()`,
        [`%${marker}%`],
      );
      killed = rows.length;
      if (killed === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(killed).toBe(1);
    expect(await running).toBe('failed');
    // Let the socket's end reach the client before the next statement.
    await new Promise((r) => setTimeout(r, 200));
    expect(crashes).toEqual([]);
    expect(await t.store.isReady()).toBe(true);
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(t.store.db);
    expect(rows).toEqual([{ one: 1 }]);
    expect(crashes).toEqual([]);
  }, 60_000);
});
