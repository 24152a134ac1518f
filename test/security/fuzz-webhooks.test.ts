import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_MAPPINGS } from '../../src/ingest/webhook-mapping/examples.js';
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
 * Inbound webhooks (Grafana, Datadog, CloudWatch via SNS), fuzzed through their saved mappings:
 * POST /api/v1/integrations/inbound/:token with any body, and any token. Never a 5xx; a refused
 * body stores nothing (not even the integration's last use); an accepted one stores its alert.
 * Saving a mapping is fuzzed too: a refused mapping creates no integration.
 */
describe('fuzzing inbound webhooks and their mappings', () => {
  let t: TestStore;
  let a: TestApp;
  const urls: Record<string, string> = {};
  const senders = ['grafana', 'datadog', 'cloudwatch'] as const;
  const bodies = {
    grafana: ingestFixture('webhook-mapping', 'grafana.json'),
    datadog: ingestFixture('webhook-mapping', 'datadog.json'),
    cloudwatch: ingestFixture('webhook-mapping', 'cloudwatch-sns.json'),
  };

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store, FUZZ_APP);
    for (const name of senders) {
      const { name: _, ...mapping } = EXAMPLE_MAPPINGS[name];
      const res = await a.app.inject({
        method: 'POST',
        url: '/api/v1/integrations/inbound',
        headers: a.as.admin,
        payload: { name, mapping },
      });
      expect(res.statusCode).toBe(201);
      urls[name] = new URL(res.json().url).pathname;
    }
  });
  afterAll(async () => {
    await a?.app.close();
    await t?.dispose();
  });

  it('answers every body sent to a mapping with a 2xx or a coded 4xx, and a refusal stores nothing', async () => {
    const input = fc
      .constantFrom(...senders)
      .chain((sender) => intakeBody([bodies[sender]]).map((body) => ({ sender, body })));
    await fuzzIntake({
      label: 'inbound webhook',
      store: t.store,
      input,
      kindOf: ({ sender, body }) => `${body.kind.split(' ')[0]}-${sender}`,
      send: ({ sender, body }) =>
        a.app.inject({
          method: 'POST',
          url: urls[sender]!,
          headers: headersFor(body),
          payload: body.payload,
        }),
      accepted: async ({ sender }, res) => {
        const answer = JSON.parse(res.body) as { changes: Array<{ fingerprint: string; change: string }> };
        for (const c of answer.changes.filter((x) => x.change !== 'none')) {
          const stored = await t.store.db
            .selectFrom('alerts')
            .select('id')
            .where('fingerprint', '=', `${sender}:${c.fingerprint}`)
            .executeTakeFirst();
          expect(stored, `alert ${c.fingerprint} was reported but not stored`).toBeDefined();
        }
      },
    });
  });

  const sendToken = (token: string) =>
    a.app.inject({
      method: 'POST',
      url: `/api/v1/integrations/inbound/${token}`,
      payload: bodies.grafana as object,
    });

  it('answers any token in the URL with a coded 4xx and stores nothing', async () => {
    const token = fc.oneof(
      fc.string({ maxLength: 30 }).map(encodeURIComponent),
      fc.stringMatching(/^in_[\w-]{0,40}$/),
      fc.constantFrom('in_', 'in_%00', 'in_..%2f..%2f', '%2e%2e', 'in_%F0%9F%98%80'),
    );
    await fuzzIntake({
      label: 'inbound webhook token',
      store: t.store,
      input: token,
      kindOf: () => 'token',
      numRuns: 100,
      budgetMs: 3_000,
      send: sendToken,
      accepted: async (tk) => {
        throw new Error(`a made-up token was accepted: ${tk}`);
      },
    });
  });

  // Fastify's router answers these before the app's error handler sees them (FST_ERR_BAD_URL,
  // FST_ERR_MAX_PARAM_LENGTH), so only "a 4xx that stores nothing" is asked of them here.
  it('answers a malformed or over-long token with a 4xx and stores nothing', async () => {
    await fuzzIntake({
      label: 'inbound webhook malformed token',
      store: t.store,
      input: fc.constantFrom('in_%F0%9F', 'in_%', 'in_%zz', `in_${'a'.repeat(10_000)}`),
      kindOf: () => 'token',
      numRuns: 4,
      requireCode: false,
      send: sendToken,
      accepted: async (tk) => {
        throw new Error(`a made-up token was accepted: ${tk.slice(0, 40)}`);
      },
    });
  });

  it('answers every mapping with a 2xx or a coded 4xx, and a refused mapping saves nothing', async () => {
    let n = 0;
    const mappings = senders.map((s) => {
      const { name: _, ...mapping } = EXAMPLE_MAPPINGS[s];
      return mapping;
    });
    await fuzzIntake<FuzzBody>({
      label: 'inbound mapping',
      store: t.store,
      input: mutatedBody(mappings).map((body) => ({
        ...body,
        // The mapping goes inside the create request, under a fresh name.
        payload: `{"name":"fuzz-${n++}","mapping":${body.payload}}`,
      })),
      numRuns: 100,
      budgetMs: 3_000,
      send: (body) =>
        a.app.inject({
          method: 'POST',
          url: '/api/v1/integrations/inbound',
          headers: headersFor(body, a.as.admin),
          payload: body.payload,
        }),
      accepted: async (_body, res) => {
        const { integration } = JSON.parse(res.body) as { integration: { name: string } };
        const stored = await t.store.db
          .selectFrom('inbound_integrations')
          .select('id')
          .where('name', '=', integration.name)
          .executeTakeFirst();
        expect(stored).toBeDefined();
      },
    });
  });
});
