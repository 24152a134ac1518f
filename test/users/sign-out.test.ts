import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, STORE_KINDS, storeAvailable, type TestStore } from '../support/stores.js';

describe.each(STORE_KINDS)('signing out on %s', (kind) => {
  let t: TestStore;
  let h: TestApp;
  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    h = await buildTestApp(t.store);
    await h.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: h.as.admin,
      payload: { name: 'ana', password: 'correct horse battery', role: 'responder' },
    });
  });
  afterAll(async () => {
    await h?.app.close();
    await t?.dispose();
  });
  const signIn = async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/login',
      payload: { name: 'ana', password: 'correct horse battery' },
    });
    return { authorization: `Bearer ${(res.json() as { token: string }).token}` };
  };
  const signOut = (headers: { authorization: string }) =>
    h.app.inject({ method: 'DELETE', url: '/api/v1/session', headers });

  it.skipIf(!storeAvailable(kind))(
    'revokes the session token, so the old token is refused; other sessions go on',
    async () => {
      const first = await signIn();
      const second = await signIn();
      expect((await h.app.inject({ url: '/api/v1/incidents', headers: first })).statusCode).toBe(200);

      const out = await signOut(first);
      expect(out.statusCode).toBe(200);
      expect(out.json()).toEqual({ ended: true });
      const refused = await h.app.inject({ url: '/api/v1/incidents', headers: first });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.message).toContain('revoked');
      // Signing out twice with the old token is refused like any other call.
      expect((await signOut(first)).statusCode).toBe(401);
      // A session in another browser is not ended.
      expect((await h.app.inject({ url: '/api/v1/incidents', headers: second })).statusCode).toBe(200);

      const audit = await h.app.inject({ url: '/api/v1/audit', headers: h.as.admin });
      expect(audit.body).toContain('ana signed out');
    },
  );

  it.skipIf(!storeAvailable(kind))('leaves an API token valid: scripts may share it', async () => {
    const out = await signOut(h.as.viewer);
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ ended: false });
    expect((await h.app.inject({ url: '/api/v1/incidents', headers: h.as.viewer })).statusCode).toBe(200);
  });

  it.skipIf(!storeAvailable(kind))('needs a token', async () => {
    expect((await h.app.inject({ method: 'DELETE', url: '/api/v1/session' })).statusCode).toBe(401);
  });
});
