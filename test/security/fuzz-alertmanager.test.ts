import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import {
  type FuzzBody,
  fuzzIntake,
  headersFor,
  ingestFixture,
  intakeBody,
  FUZZ_APP,
} from '../support/fuzz.js';
import { openTestStore, type TestStore } from '../support/stores.js';

/**
 * POST /api/v1/integrations/alertmanager, fuzzed. Never a 5xx; a refused payload stores nothing;
 * an accepted one stores an alert for every change it reports.
 */
describe('fuzzing the Alertmanager webhook receiver', () => {
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

  const firing = ingestFixture('alertmanager', 'webhook-firing.json') as { alerts: unknown[] };
  const valid = [firing, { ...firing, alerts: firing.alerts.slice(0, 1) }, { ...firing, alerts: [] }];

  it('answers every body with a 2xx or a coded 4xx, and a refusal stores nothing', async () => {
    await fuzzIntake<FuzzBody>({
      label: 'Alertmanager',
      store: t.store,
      input: intakeBody(valid),
      send: (body) =>
        a.app.inject({
          method: 'POST',
          url: '/api/v1/integrations/alertmanager',
          headers: headersFor(body, a.as.responder),
          payload: body.payload,
        }),
      accepted: async (_body, res) => {
        const answer = JSON.parse(res.body) as {
          accepted: number;
          changes: Array<{ fingerprint: string; change: string }>;
        };
        expect(answer.changes).toHaveLength(answer.accepted);
        // A resolution of an alert Vigil never saw changes nothing ('none').
        for (const c of answer.changes.filter((x) => x.change !== 'none')) {
          const stored = await t.store.db
            .selectFrom('alerts')
            .select('fingerprint')
            .where('fingerprint', 'like', `%${c.fingerprint.replace(/[\\%_]/g, '\\$&')}`)
            .executeTakeFirst();
          expect(stored, `alert ${c.fingerprint} was reported but not stored`).toBeDefined();
        }
      },
    });
  });
});
