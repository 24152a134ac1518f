import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore } from '../support/stores.js';

/**
 * Password guessing: wrong passwords from one address, or against one user name from many
 * addresses, are cut off with 429 RATE_LIMITED and a Retry-After; every failure is in the audit
 * log (never the password). The window is measured on the server's clock, so the test moves the
 * clock instead of waiting.
 */
let t: TestStore;
let a: TestApp;
const PASSWORD = 'a long passphrase';
beforeAll(async () => {
  t = await openTestStore('pglite');
  a = await buildTestApp(t.store);
  for (const name of ['ana', 'ben', 'cat', 'dan', 'eve']) {
    const made = await a.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: a.as.admin,
      payload: { name, password: PASSWORD, role: 'viewer' },
    });
    expect(made.statusCode).toBe(201);
  }
});
afterAll(async () => {
  await a?.app.close();
  await t?.dispose();
});

const signIn = (name: string, password: string, remoteAddress = '203.0.113.7') =>
  a.app.inject({ method: 'POST', url: '/api/v1/login', remoteAddress, payload: { name, password } });

/** Guesses until refused with 429, at most `max` of them; answers how many were 401. */
async function guessUntilLimited(guess: (i: number) => ReturnType<typeof signIn>, max = 60) {
  for (let i = 0; i < max; i++) {
    const res = await guess(i);
    if (res.statusCode === 429) return { failures: i, refused: res };
    expect(res.statusCode).toBe(401);
  }
  return { failures: max, refused: undefined };
}

const audited = async (action: string) =>
  t.store.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

it('cuts off one user name guessed at from many addresses, then lets the user back in', async () => {
  const { failures, refused } = await guessUntilLimited((i) =>
    signIn('ana', `wrong guess ${i}`, `198.51.100.${i + 1}`),
  );
  expect(refused, 'no 429 after 60 wrong passwords').toBeDefined();
  expect(failures).toBeGreaterThanOrEqual(5);
  expect(refused?.json().error.code).toBe('RATE_LIMITED');
  const retryAfter = Number(refused?.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  // Even the right password is refused while the name is locked: guessing learns nothing.
  expect((await signIn('ana', PASSWORD, '192.0.2.50')).statusCode).toBe(429);
  // Another user is not affected.
  expect((await signIn('ben', PASSWORD, '192.0.2.51')).statusCode).toBe(200);
  // After Retry-After the user signs in again.
  a.clock.advance(retryAfter * 1000 + 1000);
  expect((await signIn('ana', PASSWORD, '192.0.2.52')).statusCode).toBe(200);
});

it('cuts off one address guessing at many user names', async () => {
  const names = ['cat', 'dan', 'nobody', 'ghost'];
  const { refused } = await guessUntilLimited((i) =>
    signIn(names[i % names.length] ?? 'x', `nope ${i}`, '203.0.113.99'),
  );
  expect(refused, 'no 429 from one address after 60 wrong passwords').toBeDefined();
  expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
  expect((await signIn('cat', PASSWORD, '203.0.113.99')).statusCode).toBe(429);
  // The same user from another address still gets in (the address is what is limited here).
  expect((await signIn('cat', PASSWORD, '203.0.113.100')).statusCode).toBe(200);
});

it('lets no more guesses through when they arrive all at once', async () => {
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) => signIn('eve', `burst ${i}`, `192.0.2.${100 + i}`)),
  );
  const checked = answers.filter((r) => r.statusCode === 401).length;
  expect(answers.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
  expect(checked).toBeGreaterThan(0);
  expect(checked).toBeLessThanOrEqual(10);
});

it('writes an audit row for every failed sign-in, without the password', async () => {
  const before = (await audited('user.sign_in_failed')).length;
  await signIn('ben', 'the-wrong-password-xyz', '192.0.2.77');
  await signIn('no-such-user', 'the-wrong-password-xyz', '192.0.2.77');
  const rows = await audited('user.sign_in_failed');
  expect(rows.length).toBe(before + 2);
  const latest = rows.slice(-2);
  expect(latest.map((r) => r.summary).join(' ')).toContain('192.0.2.77');
  expect(latest.map((r) => r.summary).join(' ')).toContain('no-such-user');
  expect(JSON.stringify(rows)).not.toContain('the-wrong-password-xyz');
  expect(JSON.stringify(rows)).not.toContain('wrong guess');
  // The lock-outs themselves are audited too.
  expect((await audited('user.sign_in_limited')).length).toBeGreaterThanOrEqual(2);
});
