import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import {
  type FuzzBody,
  fuzzIntake,
  headersFor,
  intakeBody,
  mutatedBody,
  nonJsonBody,
  FUZZ_APP,
} from '../support/fuzz.js';
import { openTestStore, type TestStore } from '../support/stores.js';

/**
 * Heartbeat pings, fuzzed: any method, path suffix, token, query string and body. Never a 5xx; a
 * refused ping stores nothing; an accepted one stores its ping. Creating a heartbeat (its schedule,
 * cron, time zone and grace) is fuzzed too.
 */
describe('fuzzing heartbeats', () => {
  let t: TestStore;
  let a: TestApp;
  const tokens: string[] = [];
  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store, FUZZ_APP);
    const schedules = [{ period: '1h' }, { cron: '0 6 * * *', timeZone: 'Europe/Berlin' }];
    for (const [i, schedule] of schedules.entries()) {
      const res = await a.app.inject({
        method: 'POST',
        url: '/api/v1/heartbeats',
        headers: a.as.admin,
        payload: { name: `job ${i}`, schedule, grace: '10m' },
      });
      expect(res.statusCode).toBe(201);
      tokens.push(new URL(res.json().pingUrl).pathname.split('/').pop()!);
    }
  });
  afterAll(async () => {
    await a?.app.close();
    await t?.dispose();
  });

  const pings = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('heartbeat_pings')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const queryValue = fc.oneof(
    fc.constantFrom('', ' ', '0', '-0', '-1', '1.5', '0.0001', '1e308', '1e-308', 'NaN', 'Infinity', '0x10'),
    fc.constantFrom('2147484', '3e6', '99999999999', '%00', '%E2%80%AE', 'a%00b', '%F0%9F%98%80'),
    fc.double().map(String),
    fc.string({ maxLength: 30 }).map(encodeURIComponent),
    fc.nat({ max: 300 }).map((n) => 'r'.repeat(n)),
  );
  const ping = fc.record({
    method: fc.constantFrom('GET' as const, 'POST' as const),
    token: fc.oneof(
      { arbitrary: fc.nat({ max: 1 }).map((i) => tokens[i]!), weight: 6 },
      { arbitrary: fc.stringMatching(/^hb_[\w-]{0,30}$/), weight: 1 },
      { arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent), weight: 1 },
    ),
    suffix: fc.constantFrom('', '/start', '/fail', '/other', '/'),
    query: fc.array(
      fc.tuple(fc.constantFrom('rid', 'duration', 'rid', 'duration', 'x', '__proto__'), queryValue),
      { maxLength: 3 },
    ),
    body: fc.option(fc.oneof(intakeBody([{ status: 'ok' }]), nonJsonBody), { nil: undefined }),
  });

  it('answers every ping with a 2xx or a coded 4xx, and a refused ping stores nothing', async () => {
    let before = 0;
    await fuzzIntake({
      label: 'heartbeat ping',
      store: t.store,
      input: ping,
      kindOf: (p) => `${p.method}${p.suffix || '/'}`,
      send: async (p) => {
        before = await pings();
        const qs = p.query.map(([k, v]) => `${k}=${v}`).join('&');
        const body = p.method === 'POST' ? p.body : undefined;
        return a.app.inject({
          method: p.method,
          url: `/api/v1/heartbeats/${p.token}${p.suffix}${qs ? `?${qs}` : ''}`,
          ...(body ? { headers: headersFor(body), payload: body.payload } : {}),
        });
      },
      accepted: async () => {
        expect(await pings(), 'an accepted ping is stored').toBe(before + 1);
      },
    });
  });

  it('answers every new heartbeat with a 2xx or a coded 4xx, and a refusal creates nothing', async () => {
    let n = 0;
    const valid = [
      {
        name: 'hourly',
        schedule: { period: '1h' },
        grace: '5m',
        severity: 'ticket',
        labels: { team: 'data' },
      },
      { name: 'daily', schedule: { cron: '30 2 * * 1-5', timeZone: 'America/New_York' }, owner: 'ana' },
    ];
    await fuzzIntake<FuzzBody & { name: string }>({
      label: 'heartbeat create',
      store: t.store,
      input: mutatedBody(valid).map((body) => {
        const name = `fuzz ${n++}`;
        // A fresh name each time, so a refusal is about the fuzzed fields, not a duplicate.
        return {
          ...body,
          name,
          payload: body.payload.toString().replace(/"name":"(hourly|daily)"/, `"name":"${name}"`),
        };
      }),
      numRuns: 100,
      budgetMs: 3_000,
      send: (body) =>
        a.app.inject({
          method: 'POST',
          url: '/api/v1/heartbeats',
          headers: headersFor(body, a.as.admin),
          payload: body.payload,
        }),
      accepted: async (_body, res) => {
        const { heartbeat } = JSON.parse(res.body) as { heartbeat: { id: string } };
        const stored = await t.store.db
          .selectFrom('heartbeats')
          .select('id')
          .where('id', '=', heartbeat.id)
          .executeTakeFirst();
        expect(stored).toBeDefined();
      },
    });
  });
});
