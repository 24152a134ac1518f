import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, fixture } from '../../src/ingest/openlineage/fixtures.test-support.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { type FuzzBody, fuzzIntake, headersFor, intakeBody, FUZZ_APP } from '../support/fuzz.js';
import { openTestStore, type TestStore } from '../support/stores.js';

/**
 * POST /api/v1/lineage, fuzzed: any body, any content type. Never a 5xx; a refused body stores
 * nothing; an accepted one stores the runs it reports and its audit row.
 */
describe('fuzzing the OpenLineage intake', () => {
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

  const events = FIXTURES.map((f) => fixture(f));
  // A batch is an array of events: valid ones are stored, the others reported by index.
  const valid = [...events, events.slice(0, 3), [events[1], { eventType: 'COMPLETE' }]];

  const ingestAudits = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('action', '=', 'lineage.ingest')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers every body with a 2xx or a coded 4xx, and a refusal stores nothing', async () => {
    let audits = 0;
    await fuzzIntake<FuzzBody>({
      label: 'OpenLineage',
      store: t.store,
      input: intakeBody(valid),
      send: async (body) => {
        audits = await ingestAudits();
        return a.app.inject({
          method: 'POST',
          url: '/api/v1/lineage',
          headers: headersFor(body, a.as.responder),
          payload: body.payload,
        });
      },
      accepted: async (_body, res) => {
        expect(await ingestAudits(), 'an accepted request is audited once').toBe(audits + 1);
        const answer = JSON.parse(res.body) as { runs: Array<{ runId: string; refused?: string }> };
        for (const run of answer.runs.filter((r) => !r.refused)) {
          const stored = await t.store.db
            .selectFrom('pipeline_runs')
            .select('run_id')
            .where('run_id', '=', run.runId)
            .executeTakeFirst();
          expect(stored, `run ${run.runId} was reported but not stored`).toBeDefined();
        }
      },
    });
  });
});
