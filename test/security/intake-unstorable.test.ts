import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSloFile } from '../../src/ingest/openslo/documents.js';
import { fixture } from '../../src/ingest/openlineage/fixtures.test-support.js';
import { importSlos } from '../../src/services/slo/import-slos.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { changedTables, ingestFixture, storeFingerprint, FUZZ_APP } from '../support/fuzz.js';
import { openTestStore, type TestStore, testContext } from '../support/stores.js';

/**
 * What the intake fuzzing found, kept as plain cases: values JSON admits and the store does not
 * (NUL, lone surrogates, year 0, keys longer than an index row, 32-bit overflows, bad cron). Each
 * answered 500 before; now a lenient intake keeps the body (the character as U+FFFD), and what is
 * truly broken is a coded 400 that stores nothing.
 */
describe('intake of values the store cannot keep as sent', () => {
  let t: TestStore;
  let a: TestApp;
  let pingPath = '';
  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store, FUZZ_APP);
    const hb = await a.app.inject({
      method: 'POST',
      url: '/api/v1/heartbeats',
      headers: a.as.admin,
      payload: { name: 'nightly', schedule: { period: '1d' } },
    });
    pingPath = new URL(hb.json().pingUrl).pathname;
  });
  afterAll(async () => {
    await a?.app.close();
    await t?.dispose();
  });

  /** Many distinct CJK characters: a name no index can compress below its row limit. */
  const incompressible = (n: number) =>
    Array.from({ length: n }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20_000))).join('');

  const send = async (method: 'GET' | 'POST', url: string, payload?: unknown, admin = false) => {
    const before = await storeFingerprint(t.store);
    const res = await a.app.inject({
      method,
      url,
      headers: admin ? a.as.admin : a.as.responder,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    const changed = changedTables(before, await storeFingerprint(t.store));
    return { status: res.statusCode, code: res.json().error?.code as string | undefined, changed, res };
  };

  it('OpenLineage: NUL and a lone surrogate in names are kept; year 0 and over-long names are refused', async () => {
    const nul = fixture('run-complete') as { job: { name: string } };
    nul.job.name = 'load\u0000orders';
    expect((await send('POST', '/api/v1/lineage', nul)).status).toBe(200);
    const kept = await t.store.db
      .selectFrom('assets')
      .select('name')
      .where('name', 'like', '%load\ufffdorders')
      .execute();
    expect(kept).toHaveLength(1);

    const surrogate = fixture('run-start') as { job: { name: string } };
    surrogate.job.name = 'half \ud83d';
    expect((await send('POST', '/api/v1/lineage', surrogate)).status).toBe(200);

    const year0 = fixture('run-start');
    year0.eventTime = '0000-01-01T00:00:00Z';
    expect(await send('POST', '/api/v1/lineage', year0)).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      changed: [],
    });

    const long = fixture('run-start') as { job: { name: string } };
    long.job.name = incompressible(1000);
    expect(await send('POST', '/api/v1/lineage', long)).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      changed: [],
    });
  });

  it('Alertmanager: a NUL and an over-long fingerprint are kept; a start in year 0 is refused', async () => {
    const body = ingestFixture('alertmanager', 'webhook-firing.json') as {
      alerts: Array<{ fingerprint: string; startsAt: string }>;
    };
    body.alerts[0]!.fingerprint = 'a\u0000b';
    body.alerts[1]!.fingerprint = incompressible(3000);
    const res = await send('POST', '/api/v1/integrations/alertmanager', body);
    expect(res.status).toBe(200);
    const fired = await t.store.db
      .selectFrom('alerts')
      .select('fingerprint')
      .where('fingerprint', 'like', 'alertmanager:%')
      .execute();
    expect(fired.map((f) => f.fingerprint)).toContain('alertmanager:a\ufffdb');

    const early = ingestFixture('alertmanager', 'webhook-firing.json') as {
      alerts: Array<{ startsAt: string }>;
    };
    early.alerts[0]!.startsAt = '0000-12-31T23:00:00Z';
    expect(await send('POST', '/api/v1/integrations/alertmanager', early)).toMatchObject({
      status: 400,
      changed: [],
    });
  });

  it('inbound webhooks: a mapping and a body with a lone surrogate are kept', async () => {
    const created = await send(
      'POST',
      '/api/v1/integrations/inbound',
      {
        name: 'grafana-x',
        mapping: {
          title: { path: ['x\udfffy', 'title'] },
          fingerprint: { path: 'groupKey' },
          status: { path: 'status' },
        },
      },
      true,
    );
    expect(created.status).toBe(201);
    const body = ingestFixture('webhook-mapping', 'grafana.json') as { title: string };
    body.title = 'disk \ud83d full\u0000';
    const res = await send('POST', new URL(created.res.json().url).pathname, body);
    expect(res.status).toBe(200);
  });

  it('heartbeat pings: a fractional duration is rounded, one past 24.8 days refused, a NUL run id kept', async () => {
    expect((await send('GET', `${pingPath}?duration=5e-324`)).status).toBe(200);
    expect((await send('GET', `${pingPath}/start?rid=a%00b`)).status).toBe(200);
    expect(await send('GET', `${pingPath}?duration=3000000`)).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      changed: [],
    });
  });

  it('new heartbeats: a bad cron, time zone, period or grace is a 400 naming the field; a NUL name is kept', async () => {
    const create = (body: object) =>
      send('POST', '/api/v1/heartbeats', { name: 'h', schedule: { period: '1h' }, ...body }, true);
    for (const [body, path] of [
      [{ schedule: { cron: 'every tuesday' } }, 'body.schedule'],
      [{ schedule: { cron: '0 6 * * *', timeZone: 'Mars/Olympus' } }, 'body.schedule'],
      [{ schedule: { period: '99999999999d' } }, 'body.schedule.period'],
      [{ grace: '99999999999d' }, 'body.grace'],
    ] as const) {
      const r = await create(body);
      expect(r).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', changed: [] });
      expect(r.res.json().error.details[0].path).toBe(path);
    }
    expect((await create({ name: 'nul\u0000name', labels: { team: '\ud800' } })).status).toBe(201);
  });

  it('dbt upload: a NUL in a relation and its checksum are kept; meta nested 200 deep is refused', async () => {
    const upload = () => ({
      manifest: ingestFixture('dbt', 'manifest-v12.json') as {
        nodes: Record<string, Record<string, unknown>>;
      },
    });
    const nul = upload();
    const model = nul.manifest.nodes['model.jaffle_shop.stg_orders']!;
    model.schema = 'staging\u0000';
    model.checksum = { name: 'sha256', checksum: 'ab\u0000' };
    expect((await send('POST', '/api/v1/integrations/dbt', nul, true)).status).toBe(200);

    const deep = upload();
    let meta: Record<string, unknown> = {};
    deep.manifest.nodes['model.jaffle_shop.stg_orders']!.meta = meta;
    for (let i = 0; i < 200; i++) {
      const inner: Record<string, unknown> = {};
      meta.a = inner;
      meta = inner;
    }
    expect(await send('POST', '/api/v1/integrations/dbt', deep, true)).toMatchObject({
      status: 400,
      changed: [],
    });
  });
});

describe('SLO import of values the store cannot keep as sent', () => {
  it('keeps a Sloth SLO whose description holds a lone surrogate and a NUL', async () => {
    const t = await openTestStore('pglite');
    try {
      const text = readFileSync(new URL('../slo/fixtures/sloth.yaml', import.meta.url), 'utf8').replace(
        '"Common SLO based on availability for HTTP request responses."',
        '"half an emoji \\ud83d and a NUL \\0"',
      );
      const { entries, problems } = readSloFile(text);
      expect(problems).toEqual([]);
      const r = await importSlos({
        ctx: testContext(t.store),
        input: { slos: entries.map((e) => ({ input: e.input, label: `line ${e.line}` })) },
      });
      expect(r.created).toContain('requests-availability');
    } finally {
      await t.dispose();
    }
  });
});
