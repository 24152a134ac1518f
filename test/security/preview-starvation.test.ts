import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import { createUser } from '../../src/services/users/create-user.js';
import { duckdbSource } from '../../src/sources/duckdb/index.js';
import { openStore, type Store } from '../../src/store/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { duckdbExec } from '../support/duckdb-file.js';
import { testContext, testSecrets } from '../support/stores.js';

/** Long enough that a sign-in queued behind it would plainly wait; the runner cancels it then. */
const HEAVY_MS = 15_000;
/** A cross join of 10^10 rows: DuckDB is busy with it until the timeout cancels it. */
const HEAVY_SQL =
  'SELECT count(*) FROM range(100000) a(x), range(100000) b(y) WHERE (a.x * b.y + a.x) % 7919 = 3';

/**
 * One responder firing heavy previews must not starve the server: the previews beyond their share
 * are refused with 429 and Retry-After, sign-in and /healthz answer while the rest run, and
 * another person's preview still runs.
 */
describe('heavy monitor previews cannot starve the server', () => {
  let store: Store;
  let h: TestApp;
  const sources = new SourceProvider(createSourceCatalog([duckdbSource]).factory, testSecrets);

  const signIn = (name: string) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/login',
      payload: { name, password: 'correct horse battery' },
    });
  const tokenOf = async (name: string) => {
    const answer = await signIn(name);
    expect(answer.statusCode, answer.body).toBe(200);
    return { authorization: `Bearer ${answer.json().token as string}` };
  };
  const heavyPreview = (headers: { authorization: string }) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/monitors/preview',
      headers,
      payload: {
        kind: 'custom_sql',
        source: 'shop',
        asset: 'main.orders',
        config: { sql: HEAVY_SQL, bounds: { min: 0 } },
      },
    });
  /** How long work takes, or Infinity when it has not answered within the cap (it goes on unseen). */
  const timed = async <T>(work: () => Promise<T>, capMs = 10_000) => {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      work(),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), capMs);
      }),
    ]);
    clearTimeout(timer);
    return { result, ms: result === undefined ? Number.POSITIVE_INFINITY : performance.now() - started };
  };

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
    await store.migrate();
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-starve-')), 'shop.duckdb');
    await duckdbExec(file, [
      'CREATE TABLE orders (id BIGINT)',
      'INSERT INTO orders SELECT range FROM range(5)',
    ]);
    const ctx = testContext(store);
    await createSource({ ctx, input: { name: 'shop', kind: 'duckdb', config: { path: file } } });
    for (const name of ['mallory', 'dana', 'sam'])
      await createUser({ ctx, input: { name, password: 'correct horse battery', role: 'responder' } });
    h = await buildTestApp(store, { runner: { sources, timeoutMs: HEAVY_MS, workerId: 'test' } });
  });
  afterAll(async () => {
    await h?.app.close();
    await sources.closeAll();
    await store?.close();
  });

  it('refuses the excess with 429 and Retry-After, and keeps sign-in, /healthz and others answering', async () => {
    const mallory = await tokenOf('mallory');
    const dana = await tokenOf('dana');

    // Previews that ran and answered; a refused one answers at once and is not counted.
    let ranToEnd = 0;
    const flood = Array.from({ length: 8 }, () =>
      heavyPreview(mallory).then((answer) => {
        if (answer.statusCode !== 429) ranToEnd++;
        return answer;
      }),
    );
    // Let the accepted previews reach DuckDB before measuring.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const busySignIn = await timed(() => signIn('sam'));
    const health = await timed(() => h.app.inject({ method: 'GET', url: '/healthz' }));
    const ranToEndWhenSignedIn = ranToEnd;
    // Sign-in and /healthz answer while the heavy previews still run, not after them.
    expect(busySignIn.ms).toBeLessThan(5_000);
    expect(health.ms).toBeLessThan(5_000);
    expect(busySignIn.result?.statusCode).toBe(200);
    expect(health.result?.statusCode).toBe(200);

    const other = heavyPreview(dana);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const secondSignIn = await timed(() => signIn('sam'));
    const ranToEndAtSecondSignIn = ranToEnd;
    expect(secondSignIn.ms).toBeLessThan(5_000);
    expect(secondSignIn.result?.statusCode).toBe(200);

    const answers = await Promise.all(flood);
    const refused = answers.filter((a) => a.statusCode === 429);
    const ran = answers.filter((a) => a.statusCode === 200);

    // The responder's share ran; everything beyond it was refused at once, with a time to retry.
    expect(ran.length).toBeGreaterThanOrEqual(1);
    expect(ran.length).toBeLessThanOrEqual(2);
    expect(refused.length).toBe(8 - ran.length);
    for (const answer of refused) {
      expect(answer.json().error.code).toBe('RATE_LIMITED');
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    }
    // The sign-ins answered while the accepted previews were still running, not after them.
    expect(ranToEndWhenSignedIn).toBe(0);
    expect(ranToEndAtSecondSignIn).toBe(0);

    // Another person's preview on the same source still ran (to its timeout), not refused.
    const theirs = await other;
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect(theirs.json().status).toBe('error');
    expect(theirs.json().message).toMatch(/ran past|timeout|cancel/i);
  }, 90_000);
});
