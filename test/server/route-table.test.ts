import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { type Role, roleAllows } from '../../src/domain/roles.js';
import { installAuth } from '../../src/server/auth.js';
import { installErrorHandler } from '../../src/server/errors.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore } from '../support/stores.js';

/**
 * The route table, read from the OpenAPI document: each operation states the least role it
 * needs (`x-vigil-role`, or `public`). Every operation is called with no token, a viewer token and
 * a responder token, and the answer must match the declaration — the test reads the declaration,
 * not a hand-kept list, so a new route is covered the day it is added.
 */
let t: TestStore;
let a: TestApp;
beforeAll(async () => {
  t = await openTestStore('pglite');
  a = await buildTestApp(t.store);
});
afterAll(async () => {
  await a?.app.close();
  await t?.dispose();
});

type Declared = Role | 'public';
interface Operation {
  'x-vigil-role'?: Declared;
  security?: unknown[];
}

const refusal = (res: { statusCode: number; json(): unknown }): string | undefined => {
  if (res.statusCode !== 401 && res.statusCode !== 403) return undefined;
  return (res.json() as { error?: { code?: string } }).error?.code;
};

it('answers every documented route as its declared role says', async () => {
  const doc = (await a.app.inject('/api/v1/openapi.json')).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  const wrong: string[] = [];
  const seen: Record<Declared, number> = { public: 0, viewer: 0, responder: 0, admin: 0 };
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const name = `${method.toUpperCase()} ${path}`;
      const declared = operation['x-vigil-role'];
      if (!declared) {
        wrong.push(`${name}: no x-vigil-role`);
        continue;
      }
      seen[declared] += 1;
      const url = path.replace(/\{[^}]+\}/g, 'x1');
      const call = (headers: Record<string, string> = {}) =>
        a.app.inject({ method: method.toUpperCase() as 'GET', url, headers, payload: {} });
      // A route with a body schema reads `{}`; a GET must not carry a body.
      const callGet = (headers: Record<string, string> = {}) => a.app.inject({ method: 'GET', url, headers });
      const send = method === 'get' ? callGet : call;

      const anonymous = refusal(await send());
      if (declared === 'public') {
        if (anonymous === 'UNAUTHENTICATED' || anonymous === 'FORBIDDEN')
          wrong.push(`${name}: public, yet ${anonymous} without a token`);
        if (operation.security?.length !== 0) wrong.push(`${name}: public, yet documents a security need`);
        continue;
      }
      if (anonymous !== 'UNAUTHENTICATED') wrong.push(`${name}: ${anonymous ?? 'answered'} without a token`);
      for (const held of ['viewer', 'responder'] as const) {
        const got = refusal(await send(a.as[held]));
        const allowed = roleAllows(held, declared);
        if (allowed && got) wrong.push(`${name}: ${held} may, yet got ${got}`);
        if (!allowed && got !== 'FORBIDDEN')
          wrong.push(`${name}: ${held} may not, yet got ${got ?? 'an answer'}`);
      }
    }
  }
  expect(wrong).toEqual([]);
  // Every kind of declaration is present: a guard against a walk that checks nothing.
  expect(seen.public).toBeGreaterThan(3);
  expect(seen.viewer).toBeGreaterThan(20);
  expect(seen.responder).toBeGreaterThan(10);
  expect(seen.admin).toBeGreaterThan(10);
});

it('refuses a route that declares nothing, wherever it lives, when no token comes', async () => {
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  installAuth(app, t.store, new ManualClock());
  app.get('/reports/new-thing', async () => ({ secret: 'data' }));
  app.post('/api/v1/new-thing', async () => ({ done: true }));
  app.get('/open', { config: { public: true } }, async () => ({ open: true }));
  await app.ready();
  try {
    const read = await app.inject('/reports/new-thing');
    expect(read.statusCode).toBe(401);
    expect(read.body).not.toContain('secret');
    expect((await app.inject('/%72eports/new-thing')).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/v1/new-thing' })).statusCode).toBe(401);
    // A viewer may read what declares nothing, but a change needs an admin.
    expect((await app.inject({ url: '/reports/new-thing', headers: a.as.viewer })).statusCode).toBe(200);
    const change = await app.inject({ method: 'POST', url: '/api/v1/new-thing', headers: a.as.responder });
    expect(change.statusCode).toBe(403);
    expect((await app.inject('/open')).statusCode).toBe(200);
    expect((await app.inject('/nowhere')).statusCode).toBe(404);
  } finally {
    await app.close();
  }
});

it('documents the roles so a reader of the API sees them', async () => {
  const doc = (await a.app.inject('/api/v1/openapi.json')).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  expect(doc.paths['/api/v1/audit']?.get?.['x-vigil-role']).toBe('admin');
  expect(doc.paths['/api/v1/incidents']?.get?.['x-vigil-role']).toBe('viewer');
  expect(doc.paths['/api/v1/login']?.post?.['x-vigil-role']).toBe('public');
  expect(doc.paths['/healthz']?.get?.['x-vigil-role']).toBe('public');
});
