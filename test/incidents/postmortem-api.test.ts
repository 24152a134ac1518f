import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../src/store/executor.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, STORE_KINDS, storeAvailable, type TestStore } from '../support/stores.js';
import { fireAlert } from './fire-alert.js';

describe.each(STORE_KINDS)('postmortems and action items on %s', (kind) => {
  let t: TestStore;
  let a: TestApp;
  let id = '';
  type Role = 'viewer' | 'responder' | 'admin';
  const send = (
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    role: Role = 'responder',
  ) =>
    a.app.inject({
      method,
      url,
      headers: a.as[role],
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const get = (url: string, role: Role = 'viewer') => a.app.inject({ url, headers: a.as[role] });
  const pm = () => `/api/v1/incidents/${id}/postmortem`;

  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    a = await buildTestApp(t.store);
    const now = a.clock.now();
    // Lineage: orders feeds revenue, which finance owns.
    await t.store.db
      .insertInto('lineage_edges')
      .values({
        from_asset: 'main.orders',
        to_asset: 'main.revenue',
        via_job: 'dbt',
        columns: json([]),
        first_seen: now,
        last_seen: now,
      })
      .execute();
    await t.store.db
      .insertInto('assets')
      .values({
        id: 'ast_revenue',
        name: 'main.revenue',
        namespace: 'main',
        type: 'table',
        description: '',
        owner: 'finance',
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
    // A page alert on orders opens an incident by policy; then a person runs it to resolution.
    await fireAlert(t.store, { fingerprint: 'orders-fresh', asset: 'main.orders', at: now });
    id = (await get('/api/v1/incidents')).json().items[0].id;
    a.clock.advance(5 * 60_000);
    await send('POST', `/api/v1/incidents/${id}/roles`, { role: 'commander', person: 'ana' });
    await send('POST', `/api/v1/incidents/${id}/notes`, {
      text: 'the loader cron entry was removed',
      pinned: true,
    });
    await send('POST', `/api/v1/incidents/${id}/notes`, { text: 'checking the warehouse' });
    a.clock.advance(25 * 60_000);
    await send('PATCH', `/api/v1/incidents/${id}`, { status: 'monitoring' });
    a.clock.advance(25 * 60_000);
    await fireAlert(t.store, {
      fingerprint: 'orders-fresh',
      asset: 'main.orders',
      at: a.clock.now(),
      status: 'resolved',
    });
    a.clock.advance(5 * 60_000);
    const resolved = await send('POST', `/api/v1/incidents/${id}/resolve`, {});
    if (resolved.statusCode !== 200) throw new Error(`resolve failed: ${resolved.body}`);
  });
  afterAll(async () => {
    await a?.app.close();
    await t?.dispose();
  });

  it.skipIf(!storeAvailable(kind))('drafts a postmortem from the incident and its timeline', async () => {
    expect((await send('POST', pm(), {}, 'viewer')).statusCode).toBe(403);
    expect((await get(pm())).json().error.code).toBe('NOT_FOUND');
    // Data impact recorded on the incident feeds the impact section.
    await send('PUT', `/api/v1/incidents/${id}/impact`, {
      rowsAffected: 1234,
      consumers: ['finance dashboard'],
    });
    const drafted = await send('POST', pm(), {});
    expect(drafted.statusCode).toBe(201);
    const doc = drafted.json();
    expect(doc).toMatchObject({
      incidentId: id,
      status: 'draft',
      version: 1,
      complete: false,
      actionItems: [],
    });
    const body = (key: string) => doc.sections.find((s: { key: string }) => s.key === key).body as string;
    expect(doc.sections.map((s: { key: string }) => s.key)).toEqual([
      'summary',
      'impact',
      'timeline',
      'trigger',
      'root_cause',
      'detection',
      'response',
      'went_well',
      'went_badly',
      'got_lucky',
      'action_items',
    ]);
    expect(body('timeline')).toContain('📌 the loader cron entry was removed');
    expect(body('timeline')).not.toContain('checking the warehouse');
    expect(body('trigger')).toContain('"orders-fresh failed"');
    expect(body('impact')).toContain('`main.revenue`; owners: finance');
    expect(body('impact')).toContain('**Rows affected:** 1,234');
    expect(body('impact')).toContain('**Consumers who read bad data:** finance dashboard');
    expect(body('response')).toContain('**Time to acknowledge:** 5m');
    expect(body('response')).toContain('**Time to resolve:** 1h');
    expect(body('detection')).toContain('declared the incident by policy');
    expect((await send('POST', pm(), {})).json().error.code).toBe('CONFLICT');
  });

  it.skipIf(!storeAvailable(kind))(
    'edits sections with versions and moves through review to published',
    async () => {
      const edited = await send('PATCH', pm(), {
        version: 1,
        sections: [{ key: 'root_cause', body: 'A cleanup script removed the cron entry.' }],
      });
      expect(edited.json()).toMatchObject({ version: 2 });
      expect(edited.json().sections[4].body).toBe('A cleanup script removed the cron entry.');
      expect((await send('PATCH', pm(), { version: 1, title: 'stale' })).json().error.code).toBe('CONFLICT');
      const unknown = await send('PATCH', pm(), { sections: [{ key: 'nope', body: 'x' }] });
      expect(unknown.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ path: 'sections[0].key' }],
      });
      expect((await send('PATCH', pm(), { status: 'published' })).statusCode).toBe(409);
      expect((await send('PATCH', pm(), { status: 'in_review' })).json().status).toBe('in_review');
      const published = (await send('PATCH', pm(), { status: 'published' })).json();
      expect(published).toMatchObject({ status: 'published', version: 4 });
      expect(published.publishedAt).not.toBeNull();
      expect((await send('PATCH', pm(), { sections: [{ key: 'summary', body: 'x' }] })).statusCode).toBe(409);
    },
  );

  it.skipIf(!storeAvailable(kind))(
    'tracks action items, lists overdue ones and completes only when all are settled',
    async () => {
      const items = `/api/v1/incidents/${id}/action-items`;
      expect((await send('POST', items, { kind: 'detect', title: 'x' }, 'viewer')).statusCode).toBe(403);
      const bad = await send('POST', items, { kind: 'detect', title: 'x', dueOn: '2026-02-30' });
      expect(bad.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ path: 'body.dueOn' }],
      });
      const noReason = await send('POST', items, { kind: 'detect', title: 'x', status: 'dropped' });
      expect(noReason.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ path: 'dropReason' }],
      });

      const late = (
        await send('POST', items, {
          kind: 'detect',
          title: 'Freshness monitor on the loader',
          owner: 'ana',
          dueOn: '2026-01-04',
          ticketUrl: 'https://tickets.example/OPS-1',
        })
      ).json();
      expect(late).toMatchObject({
        status: 'open',
        overdue: true,
        ticketUrl: 'https://tickets.example/OPS-1',
      });
      const later = (
        await send('POST', items, { kind: 'prevent', title: 'Guard the crontab', dueOn: '2026-03-01' })
      ).json();
      expect(later.overdue).toBe(false);

      const overdue = (await get('/api/v1/action-items?overdue=true')).json().items;
      expect(overdue.map((i: { id: string }) => i.id)).toEqual([late.id]);
      expect((await get(items)).json().items).toHaveLength(2);

      const refused = await send('POST', `${pm()}/complete`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'POSTMORTEM_INCOMPLETE' });
      expect(
        refused
          .json()
          .error.details.map((d: { path: string }) => d.path)
          .sort(),
      ).toEqual([`actionItems.${late.id}`, `actionItems.${later.id}`].sort());

      expect(
        (await send('PATCH', `/api/v1/action-items/${late.id}`, { status: 'done' })).json(),
      ).toMatchObject({
        status: 'done',
        overdue: false,
      });
      expect(
        (await send('PATCH', `/api/v1/action-items/${later.id}`, { status: 'dropped' })).statusCode,
      ).toBe(400);
      await send('PATCH', `/api/v1/action-items/${later.id}`, {
        status: 'dropped',
        dropReason: 'crontab retired',
      });
      expect((await get('/api/v1/action-items?overdue=true')).json().items).toEqual([]);

      const done = await send('POST', `${pm()}/complete`);
      expect(done.json()).toMatchObject({ complete: true, completedBy: 'responder test' });
      // An item that opens again makes the postmortem incomplete again.
      await send('PATCH', `/api/v1/action-items/${later.id}`, { status: 'open' });
      expect((await get(pm())).json()).toMatchObject({ complete: false, readyToComplete: false });

      const timeline = (await get(`/api/v1/incidents/${id}/timeline`)).json().items;
      expect(
        timeline
          .filter((e: { kind: string }) => e.kind === 'postmortem')
          .map((e: { message: string }) => e.message),
      ).toEqual([
        'postmortem drafted',
        'postmortem draft → in review',
        'postmortem in review → published',
        'postmortem complete: every action item is done or dropped',
        'postmortem no longer complete: action item "Guard the crontab" is open',
      ]);
    },
  );

  it.skipIf(!storeAvailable(kind))('exports Markdown with the action items table', async () => {
    const res = await get(`${pm()}.md`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/markdown');
    expect(res.body).toMatch(/^# Postmortem: orders-fresh failed/);
    expect(res.body).toContain('## Root cause and five whys\n\nA cleanup script removed the cron entry.');
    expect(res.body).toContain(
      '| detect | [Freshness monitor on the loader](https://tickets.example/OPS-1) | ana | 2026-01-04 | done |',
    );
  });

  it.skipIf(!storeAvailable(kind))('lets admins change the template and refuses an invalid one', async () => {
    expect((await get('/api/v1/postmortem-template')).json()).toMatchObject({ custom: false });
    const custom = {
      sections: [
        { key: 'summary', heading: 'What happened', generator: 'summary' },
        {
          key: 'customer_comms',
          heading: 'Customer communication',
          generator: 'blank',
          placeholder: 'Who was told, when?',
        },
        { key: 'action_items', heading: 'Follow-ups', generator: 'action_items' },
      ],
    };
    expect((await send('PUT', '/api/v1/postmortem-template', custom, 'responder')).statusCode).toBe(403);
    const invalid = await send(
      'PUT',
      '/api/v1/postmortem-template',
      { sections: [custom.sections[0], { ...custom.sections[1], key: 'summary' }] },
      'admin',
    );
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'sections[1].key' }],
    });
    const wrongGenerator = await send(
      'PUT',
      '/api/v1/postmortem-template',
      { sections: [{ key: 'a', heading: 'A', generator: 'magic' }] },
      'admin',
    );
    expect(wrongGenerator.json().error.details[0].path).toBe('body.sections[0].generator');
    expect((await send('PUT', '/api/v1/postmortem-template', custom, 'admin')).json()).toMatchObject({
      custom: true,
    });

    const declared = (
      await send('POST', '/api/v1/incidents', { title: 'Revenue late', severity: 'SEV3' })
    ).json();
    const doc = (await send('POST', `/api/v1/incidents/${declared.id}/postmortem`, {})).json();
    expect(doc.sections.map((s: { heading: string }) => s.heading)).toEqual([
      'What happened',
      'Customer communication',
      'Follow-ups',
    ]);
    expect(doc.sections[1].body).toBe('Who was told, when?');
    // Publishing waits for the incident to be resolved.
    await send('PATCH', `/api/v1/incidents/${declared.id}/postmortem`, { status: 'in_review' });
    expect(
      (await send('PATCH', `/api/v1/incidents/${declared.id}/postmortem`, { status: 'published' })).json()
        .error.message,
    ).toContain('resolve incident');
    expect((await send('DELETE', '/api/v1/postmortem-template', undefined, 'admin')).json().custom).toBe(
      false,
    );

    const list = (await get('/api/v1/postmortems')).json().items;
    expect(list.map((p: { incidentId: string }) => p.incidentId).sort()).toEqual([declared.id, id].sort());
    const audit = JSON.stringify((await get('/api/v1/audit?limit=500', 'admin')).json());
    for (const action of [
      'postmortem.draft',
      'postmortem.edit',
      'postmortem.published',
      'postmortem.complete',
      'action_item.create',
      'action_item.update',
      'postmortem_template.update',
      'postmortem_template.reset',
    ])
      expect(audit).toContain(action);
  });

  it.skipIf(!storeAvailable(kind))('documents its routes and shapes in OpenAPI', async () => {
    const doc = (await a.app.inject('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/v1/incidents/{id}/postmortem']).sort()).toEqual([
      'get',
      'patch',
      'post',
    ]);
    for (const path of [
      '/api/v1/incidents/{id}/postmortem.md',
      '/api/v1/incidents/{id}/postmortem/complete',
      '/api/v1/incidents/{id}/action-items',
      '/api/v1/action-items',
      '/api/v1/action-items/{itemId}',
      '/api/v1/postmortems',
      '/api/v1/postmortem-template',
      '/api/v1/reports/response-times',
      '/api/v1/reports/data-downtime',
      '/api/v1/reports/incidents-by-type',
    ])
      expect(doc.paths[path], path).toBeDefined();
    for (const name of [
      'Postmortem',
      'PostmortemSection',
      'ActionItem',
      'PostmortemTemplate',
      'ResponseTimesReport',
    ])
      expect(doc.components.schemas[name], name).toBeDefined();
  });
});
