import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/services/users/password-hash.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, STORE_KINDS, storeAvailable, type TestStore } from '../support/stores.js';

describe.each(STORE_KINDS)('users and password sign-in on %s', (kind) => {
  let t: TestStore;
  let h: TestApp;
  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    h = await buildTestApp(t.store);
  });
  afterAll(async () => {
    await h?.app.close();
    await t?.dispose();
  });
  const login = (name: string, password: string) =>
    h.app.inject({ method: 'POST', url: '/api/v1/login', payload: { name, password } });

  it.skipIf(!storeAvailable(kind))(
    'an admin creates a user; the right password gives a session with the user role, a wrong one nothing',
    async () => {
      const made = await h.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: h.as.admin,
        payload: { name: 'ana', password: 'correct horse battery', role: 'responder' },
      });
      expect(made.statusCode).toBe(201);
      expect(made.json()).toMatchObject({ name: 'ana', role: 'responder', disabled: false });
      expect(made.body).not.toContain('correct horse');

      // Only the scrypt hash is stored, and it verifies.
      const row = await t.store.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$/);
      expect(await verifyPassword('correct horse battery', row.password_hash ?? '')).toBe(true);

      const wrong = await login('ana', 'not the password');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.code).toBe('UNAUTHENTICATED');
      expect((await login('nobody', 'correct horse battery')).json().error.message).toBe(
        wrong.json().error.message,
      );

      const ok = await login('ana', 'correct horse battery');
      expect(ok.statusCode).toBe(200);
      const session = ok.json() as { token: string; user: { role: string } };
      expect(session.user).toEqual({ name: 'ana', role: 'responder' });
      const auth = { authorization: `Bearer ${session.token}` };
      expect((await h.app.inject({ url: '/api/v1/incidents', headers: auth })).statusCode).toBe(200);
      // A responder may not manage users.
      expect((await h.app.inject({ url: '/api/v1/users', headers: auth })).statusCode).toBe(403);

      // The sign-in is in the audit log under the person's name.
      const audit = await h.app.inject({ url: '/api/v1/audit', headers: h.as.admin });
      expect(audit.body).toContain('ana signed in');
    },
  );

  it.skipIf(!storeAvailable(kind))('disabling a user ends the session and refuses sign-in', async () => {
    const session = (await login('ana', 'correct horse battery')).json() as { token: string };
    const [user] = (
      (await h.app.inject({ url: '/api/v1/users', headers: h.as.admin })).json() as {
        items: { id: string }[];
      }
    ).items;
    const patched = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user!.id}`,
      headers: h.as.admin,
      payload: { disabled: true },
    });
    expect(patched.json()).toMatchObject({ disabled: true });
    const after = await h.app.inject({
      url: '/api/v1/incidents',
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(after.statusCode).toBe(401);
    expect((await login('ana', 'correct horse battery')).statusCode).toBe(401);
  });

  it.skipIf(!storeAvailable(kind))('refuses a duplicate name and a short password', async () => {
    const dup = await h.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: h.as.admin,
      payload: { name: 'ana', password: 'another long one', role: 'viewer' },
    });
    expect(dup.statusCode).toBe(409);
    const short = await h.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: h.as.admin,
      payload: { name: 'bo', password: 'short', role: 'viewer' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toContain('password');
  });
});
