import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';

describe('HTTP API', () => {
  let t: TestStore;
  let a: TestApp;
  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
  });
  afterAll(async () => {
    await a.app.close();
    await t.dispose();
  });

  it('answers /healthz and /readyz without a token', async () => {
    expect((await a.app.inject('/healthz')).json()).toMatchObject({ status: 'ok' });
    expect((await a.app.inject('/readyz')).json()).toEqual({ status: 'ready', store: 'pglite' });
  });

  it('refuses a request without a token with 401 UNAUTHENTICATED', async () => {
    const res = await a.app.inject('/api/v1/sources');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
    const bad = await a.app.inject({ url: '/api/v1/sources', headers: { authorization: 'Bearer vgl_nope' } });
    expect(bad.statusCode).toBe(401);
  });

  it('answers 401 before looking at the body', async () => {
    const res = await a.app.inject({ method: 'POST', url: '/api/v1/sources', payload: { nonsense: true } });
    expect(res.statusCode).toBe(401);
  });

  it('lets a viewer read but not change: 403 FORBIDDEN', async () => {
    expect((await a.app.inject({ url: '/api/v1/sources', headers: a.as.viewer })).statusCode).toBe(200);
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: a.as.viewer,
      payload: { name: 'x', kind: 'duckdb' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/admin role/),
    });
    const tokens = await a.app.inject({ url: '/api/v1/tokens', headers: a.as.responder });
    expect(tokens.statusCode).toBe(403);
  });

  it('answers 400 VALIDATION_FAILED naming each wrong field by path', async () => {
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: a.as.admin,
      payload: { name: '', kind: 7, config: 'x', colour: 'red' },
    });
    expect(res.statusCode).toBe(400);
    const { code, details } = res.json().error;
    expect(code).toBe('VALIDATION_FAILED');
    const paths = details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.kind', 'body.config', 'body.colour']));
  });

  it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: { ...a.as.admin, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_JSON');
  });

  it('answers 404 NOT_FOUND for unknown routes and ids', async () => {
    const route = await a.app.inject({ url: '/api/v1/nope', headers: a.as.admin });
    expect(route.statusCode).toBe(404);
    expect(route.json().error.code).toBe('NOT_FOUND');
    const id = await a.app.inject({ url: '/api/v1/sources/src_missing', headers: a.as.admin });
    expect(id.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'source src_missing not found' });
  });

  it('creates, changes and trashes a source, auditing each step with the token as actor', async () => {
    const created = await a.app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: a.as.admin,
      payload: {
        name: 'shop',
        kind: 'postgres',
        config: { host: 'db.internal' },
        secrets: { password: 's3cret-pw' },
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain('s3cret-pw');
    const id = created.json().id as string;
    const dup = await a.app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: a.as.admin,
      payload: { name: 'shop', kind: 'duckdb' },
    });
    expect(dup.json().error.code).toBe('CONFLICT');
    await a.app.inject({
      method: 'PATCH',
      url: `/api/v1/sources/${id}`,
      headers: a.as.admin,
      payload: { description: 'orders db' },
    });
    expect(
      (await a.app.inject({ method: 'DELETE', url: `/api/v1/sources/${id}`, headers: a.as.admin }))
        .statusCode,
    ).toBe(204);
    const trash = (await a.app.inject({ url: '/api/v1/trash', headers: a.as.admin })).json();
    expect(trash.items[0]).toMatchObject({ kind: 'source', id, name: 'shop' });
    const restored = await a.app.inject({
      method: 'POST',
      url: `/api/v1/trash/source/${id}/restore`,
      headers: a.as.admin,
    });
    expect(restored.statusCode).toBe(200);

    const audit = (await a.app.inject({ url: `/api/v1/audit?targetId=${id}`, headers: a.as.admin })).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
      'source.restore',
      'source.delete',
      'source.update',
      'source.create',
    ]);
    expect(audit.items[0].actor.name).toBe('admin test');
    expect(JSON.stringify(audit)).not.toContain('s3cret-pw');
  });

  it('creates a token whose secret works once shown, and revokes it', async () => {
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: a.as.admin,
      payload: { name: 'airflow', role: 'responder' },
    });
    expect(res.statusCode).toBe(201);
    const { token, secret } = res.json();
    const headers = { authorization: `Bearer ${secret}` };
    expect((await a.app.inject({ url: '/api/v1/sources', headers })).statusCode).toBe(200);
    const list = await a.app.inject({ url: '/api/v1/tokens', headers: a.as.admin });
    expect(list.body).not.toContain(secret);
    await a.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers: a.as.admin });
    expect((await a.app.inject({ url: '/api/v1/sources', headers })).statusCode).toBe(401);
  });

  it('publishes an OpenAPI document with every route and its schemas', async () => {
    const doc = (await a.app.inject('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/sources', '/api/v1/tokens', '/api/v1/audit', '/healthz']),
    );
    const post = doc.paths['/api/v1/sources'].post;
    expect(post.requestBody.content['application/json'].schema.properties.name).toBeDefined();
    expect(post.responses['400']).toBeDefined();
  });

  it('answers an unexpected failure with 500 INTERNAL and no internals', async () => {
    const broken = await openTestStore('pglite');
    const b = await buildTestApp(broken.store);
    await broken.store.db.schema.alterTable('sources').renameTo('sources_gone').execute(); // every source query now fails
    const res = await b.app.inject({ url: '/api/v1/sources', headers: b.as.admin });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.message).toContain(res.headers['x-request-id']);
    expect(res.body).not.toMatch(/select|relation|sources"|at \//i);
    await b.app.close();
    await broken.dispose();
  });
});
