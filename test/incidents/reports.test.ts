import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../src/store/executor.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, STORE_KINDS, storeAvailable, type TestStore } from '../support/stores.js';

const day = (hhmm: string, date = '2026-01-01') => new Date(`${date}T${hhmm}:00Z`);

/** Figures worked out by hand: A detects in 30m, acks in 10m, resolves in 2h; B 10m, 20m, 1h; C open. */
const SEEDED = [
  {
    id: 'inc_a',
    severity: 'SEV1',
    type: 'freshness',
    assets: ['main.orders'],
    t: ['10:00', '10:30', '10:40', '12:30'],
  },
  {
    id: 'inc_b',
    severity: 'SEV1',
    type: 'freshness',
    assets: ['main.orders', 'main.revenue'],
    t: ['09:00', '09:10', '09:30', '10:10'],
  },
  { id: 'inc_c', severity: 'SEV2', type: 'schema', assets: [], t: ['08:00', '09:00', null, null] },
] as const;

describe.each(STORE_KINDS)('reliability reports and reporting views on %s', (kind) => {
  let t: TestStore;
  let a: TestApp;
  const get = (url: string) => a.app.inject({ url, headers: a.as.viewer });
  const period = 'from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z';

  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    a = await buildTestApp(t.store);
    const db = t.store.db;
    const incident = (
      id: string,
      severity: string,
      type: string,
      assets: readonly string[],
      times: Array<Date | null>,
    ) => ({
      id,
      title: `incident ${id}`,
      summary: '',
      severity,
      status: times[3] ? 'resolved' : 'investigating',
      type,
      affected_assets: json(assets),
      declared_by: 'test',
      declared_via: 'api',
      commander: null,
      communications_lead: null,
      scribe: null,
      responders: json([]),
      started_at: times[0] as Date,
      detected_at: times[1] as Date,
      acknowledged_at: times[2] ?? null,
      mitigated_at: times[3] ?? null,
      resolved_at: times[3] ?? null,
      closed_at: null,
      created_at: times[1] as Date,
      updated_at: times[1] as Date,
    });
    for (const s of SEEDED)
      await db
        .insertInto('incidents')
        .values(
          incident(
            s.id,
            s.severity,
            s.type,
            s.assets,
            s.t.map((x) => (x ? day(x) : null)),
          ),
        )
        .execute();
    // Before the period: never counted.
    await db
      .insertInto('incidents')
      .values(
        incident(
          'inc_old',
          'SEV1',
          'volume',
          ['main.orders'],
          [day('10:00', '2025-12-01'), day('11:00', '2025-12-01'), null, null],
        ),
      )
      .execute();
    const now = a.clock.now();
    for (const [name, owner] of [
      ['main.orders', 'sales'],
      ['main.revenue', 'finance'],
    ] as const)
      await db
        .insertInto('assets')
        .values({
          id: `ast_${owner}`,
          name,
          namespace: 'main',
          type: 'table',
          description: '',
          owner,
          domain: null,
          tags: json([]),
          columns: json([]),
          origin: 'api',
          external_id: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })
        .execute();
    await db
      .insertInto('action_items')
      .values({
        id: 'act_1',
        incident_id: 'inc_a',
        kind: 'detect',
        title: 'Monitor the loader',
        owner: 'ana',
        due_on: '2020-01-01',
        status: 'open',
        drop_reason: null,
        monitor_id: null,
        ticket_url: null,
        created_by: 'test',
        created_at: now,
        updated_at: now,
        closed_at: null,
      })
      .execute();
  });
  afterAll(async () => {
    await a?.app.close();
    await t?.dispose();
  });

  it.skipIf(!storeAvailable(kind))('reports MTTD, MTTA and MTTR by severity, team and asset', async () => {
    expect((await a.app.inject({ url: `/api/v1/reports/response-times?${period}` })).statusCode).toBe(401);
    const bySeverity = (await get(`/api/v1/reports/response-times?${period}`)).json();
    expect(bySeverity).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
      incidents: 3,
      rows: [
        {
          group: 'SEV1',
          incidents: 2,
          mttdSeconds: 1200,
          mttaSeconds: 900,
          mttrSeconds: 5400,
          acknowledged: 2,
          resolved: 2,
        },
        {
          group: 'SEV2',
          incidents: 1,
          mttdSeconds: 3600,
          mttaSeconds: null,
          mttrSeconds: null,
          acknowledged: 0,
          resolved: 0,
        },
      ],
    });
    const byTeam = (await get(`/api/v1/reports/response-times?${period}&by=team`)).json().rows;
    expect(
      byTeam.map((r: { group: string; incidents: number; mttrSeconds: number | null }) => [
        r.group,
        r.incidents,
        r.mttrSeconds,
      ]),
    ).toEqual([
      ['(no owner)', 1, null],
      ['finance', 1, 3600],
      ['sales', 2, 5400],
    ]);
    const byAsset = (await get(`/api/v1/reports/response-times?${period}&by=asset`)).json().rows;
    expect(byAsset.map((r: { group: string }) => r.group)).toEqual([
      '(no asset)',
      'main.orders',
      'main.revenue',
    ]);
    const csv = await get(`/api/v1/reports/response-times?${period}&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toBe(
      'group,incidents,mttdSeconds,mttaSeconds,mttrSeconds,acknowledged,resolved\r\nSEV1,2,1200,900,5400,2,2\r\nSEV2,1,3600,,,0,0\r\n',
    );
    const backwards = await get(
      '/api/v1/reports/response-times?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
    );
    expect(backwards.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'query.from' }],
    });
  });

  it.skipIf(!storeAvailable(kind))(
    'reports data downtime per asset and incidents by type, as JSON and CSV',
    async () => {
      const downtime = (await get(`/api/v1/reports/data-downtime?${period}`)).json().rows;
      expect(downtime).toEqual([
        {
          asset: 'main.orders',
          incidents: 2,
          openIncidents: 0,
          detectionSeconds: 2400,
          resolutionSeconds: 10800,
          downtimeSeconds: 13200,
        },
        {
          asset: 'main.revenue',
          incidents: 1,
          openIncidents: 0,
          detectionSeconds: 600,
          resolutionSeconds: 3600,
          downtimeSeconds: 4200,
        },
      ]);
      const csv = (await get(`/api/v1/reports/data-downtime?${period}&format=csv`)).body.split('\r\n');
      expect(csv[0]).toBe('asset,incidents,openIncidents,detectionSeconds,resolutionSeconds,downtimeSeconds');
      expect(csv[1]).toBe('main.orders,2,0,2400,10800,13200');
      const types = (await get(`/api/v1/reports/incidents-by-type?${period}`)).json().rows;
      expect(types).toContainEqual({ type: 'freshness', incidents: 2 });
      expect(types).toContainEqual({ type: 'schema', incidents: 1 });
      expect(types).toContainEqual({ type: 'volume', incidents: 0 });
      const typesCsv = (await get(`/api/v1/reports/incidents-by-type?${period}&format=csv`)).body;
      expect(typesCsv).toContain('\r\nfreshness,2\r\n');
    },
  );

  it.skipIf(!storeAvailable(kind))('answers SELECTs on the reporting views', async () => {
    const db = t.store.db;
    const incidents = await sql<{
      id: string;
      seconds_to_detect: number;
      seconds_to_resolve: number | null;
      downtime_seconds: number | null;
      is_open: boolean;
    }>`
      SELECT id, seconds_to_detect, seconds_to_resolve, downtime_seconds, is_open FROM reporting.incidents ORDER BY id`.execute(
      db,
    );
    const a1 = incidents.rows.find((r) => r.id === 'inc_a');
    expect([
      Number(a1?.seconds_to_detect),
      Number(a1?.seconds_to_resolve),
      Number(a1?.downtime_seconds),
      a1?.is_open,
    ]).toEqual([1800, 7200, 9000, false]);
    expect(incidents.rows.find((r) => r.id === 'inc_c')).toMatchObject({
      seconds_to_resolve: null,
      is_open: true,
    });
    const assets = await sql<{ asset: string; owner: string | null }>`
      SELECT asset, owner FROM reporting.incident_assets WHERE incident_id = 'inc_b' ORDER BY asset`.execute(
      db,
    );
    expect(assets.rows).toEqual([
      { asset: 'main.orders', owner: 'sales' },
      { asset: 'main.revenue', owner: 'finance' },
    ]);
    const items = await sql<{ is_overdue: boolean }>`SELECT is_overdue FROM reporting.action_items`.execute(
      db,
    );
    expect(items.rows).toEqual([{ is_overdue: true }]);
    for (const view of ['checks', 'alerts', 'postmortems']) {
      const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(`reporting.${view}`)}`.execute(
        db,
      );
      expect(Number(r.rows[0]?.n)).toBe(0);
    }
  });
});
