import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore } from '../support/stores.js';

describe('a silence that would hold back every alert', () => {
  let t: TestStore;
  let a: TestApp;
  const silence = (matchers: string[]) =>
    a.app.inject({
      method: 'POST',
      url: '/api/v1/silences',
      headers: a.as.responder,
      payload: {
        matchers,
        endsAt: new Date(a.clock.now().getTime() + 3_600_000).toISOString(),
        comment: 'quiet, please',
      },
    });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
  });
  afterAll(async () => {
    await a.app.close();
    await t.dispose();
  });

  it.each([[['alertname=~".*"']], [['severity=""']], [['{asset!="x", team=~".*"}']]])(
    'is refused by the API: %j',
    async (matchers) => {
      const res = await silence(matchers);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.details).toContainEqual({
        path: 'body.matchers',
        message: 'at least one matcher must not match the empty string',
      });
      const listed = (await a.app.inject({ url: '/api/v1/silences', headers: a.as.viewer })).json().items;
      expect(listed).toEqual([]);
    },
  );

  it('takes a silence that picks out some alerts, even next to a match-all matcher', async () => {
    expect((await silence(['asset="shop.orders"', 'alertname=~".*"'])).statusCode).toBe(201);
  });
});
