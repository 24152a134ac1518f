import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import {
  type FuzzBody,
  fuzzIntake,
  headersFor,
  ingestFixture,
  intakeBody,
  mutatedBody,
  FUZZ_APP,
} from '../support/fuzz.js';
import { openTestStore, type TestStore } from '../support/stores.js';

/**
 * The dbt artifact upload (POST /api/v1/integrations/dbt, what `vigil import dbt` sends too),
 * fuzzed: the manifest, run_results and sources.json broken a few ways at once, or the whole
 * body random. Never a 5xx; a refused upload stores nothing; an accepted one stores its assets.
 */
describe('fuzzing the dbt artifact upload', () => {
  let t: TestStore;
  let a: TestApp;
  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store, FUZZ_APP);
  });
  afterAll(async () => {
    await a?.app.close();
    await t?.dispose();
  });

  const manifest = ingestFixture('dbt', 'manifest-v12.json');
  const runResults = ingestFixture('dbt', 'run-results-v6.json');
  const sources = ingestFixture('dbt', 'sources-v3.json');
  const full = { manifest, run_results: runResults, sources };

  // Mutations land in one artifact at a time, so most uploads get past the other two.
  const artifact = fc.constantFrom('manifest' as const, 'run_results' as const, 'sources' as const);
  const upload: fc.Arbitrary<FuzzBody> = fc.oneof(
    {
      weight: 4,
      arbitrary: artifact.chain((which) =>
        mutatedBody([full[which]]).map((body) => ({
          ...body,
          kind: `${which} ${body.kind}`,
          payload: JSON.stringify({ ...full, [which]: '\u0001artifact\u0001' }).replace(
            '"\\u0001artifact\\u0001"',
            () => body.payload.toString(),
          ),
        })),
      ),
    },
    { weight: 2, arbitrary: intakeBody([full, { manifest }, { manifest, namespace: 'postgres://wh:5432' }]) },
  );

  const assets = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('assets')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('origin', '=', 'dbt')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers every upload with a 2xx or a coded 4xx, and a refusal stores nothing', async () => {
    await fuzzIntake<FuzzBody>({
      label: 'dbt upload',
      store: t.store,
      input: upload,
      kindOf: (b) => b.kind.split(' ').slice(0, 2).join(' '),
      numRuns: 100,
      send: (body) =>
        a.app.inject({
          method: 'POST',
          url: '/api/v1/integrations/dbt',
          headers: headersFor(body, a.as.admin),
          payload: body.payload,
        }),
      accepted: async (_body, res) => {
        const answer = JSON.parse(res.body) as { assets: number };
        expect(await assets(), 'the assets an accepted upload reports are stored').toBeGreaterThanOrEqual(
          answer.assets,
        );
      },
    });
  });
});
