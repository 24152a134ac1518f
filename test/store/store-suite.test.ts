import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/roles.js';
import { authenticateToken } from '../../src/services/authenticate-token.js';
import { createApiToken } from '../../src/services/create-api-token.js';
import { ensureAdminToken } from '../../src/services/ensure-admin-token.js';
import { revokeApiToken } from '../../src/services/revoke-api-token.js';
import {
  createSource,
  deleteSource,
  getSource,
  listSources,
  updateSource,
} from '../../src/services/sources.js';
import { purgeTrash, restoreFromTrash } from '../../src/services/trash.js';
import { queryAudit } from '../../src/store/repositories/audit-log.js';
import { listTrash } from '../../src/store/trash.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  testContext,
  type TestStore,
} from '../support/stores.js';

const alice: Actor = { kind: 'token', id: 'tok_alice', name: 'alice', role: 'admin' };

// One suite, run on each dialect: the same behaviour on PGlite and on PostgreSQL.
describe.each(STORE_KINDS)('store on %s', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    if (storeAvailable(kind)) t = await openTestStore(kind);
  });
  afterAll(async () => t?.dispose());
  const run = storeAvailable(kind) ? it : it.skip;

  run('applies every migration and reports ready', async () => {
    expect(await t.store.isReady()).toBe(true);
    expect(await t.store.migrate()).toEqual([]); // a second run has nothing left to do
  });

  run('creates an admin token on first start only, and authenticates it', async () => {
    const ctx = testContext(t.store);
    const first = await ensureAdminToken({ ctx, input: {} });
    expect(first.created).toBe(true);
    const secret = first.created ? first.secret : undefined;
    expect(secret).toMatch(/^vgl_/);
    expect((await ensureAdminToken({ ctx, input: {} })).created).toBe(false);
    const actor = await authenticateToken(t.store, ctx.clock, secret!);
    expect(actor.role).toBe('admin');
    // only a hash is stored
    const rows = await t.store.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret!);
  });

  run('refuses revoked and expired tokens', async () => {
    const ctx = testContext(t.store, alice);
    const { token, secret } = await createApiToken({
      ctx,
      input: { name: 'ci', role: 'viewer', expiresAt: new Date(ctx.clock.now().getTime() + 60_000) },
    });
    await expect(authenticateToken(t.store, ctx.clock, secret)).resolves.toMatchObject({
      role: 'viewer',
      name: 'ci',
    });
    ctx.clock.advance(61_000);
    await expect(authenticateToken(t.store, ctx.clock, secret)).rejects.toThrow(/expired/);
    const other = await createApiToken({ ctx, input: { name: 'old', role: 'responder' } });
    await revokeApiToken({ ctx, input: { id: other.token.id } });
    await expect(authenticateToken(t.store, ctx.clock, other.secret)).rejects.toThrow(/revoked/);
    expect(token.role).toBe('viewer');
  });

  run('keeps source secrets sealed and never shows them', async () => {
    const ctx = testContext(t.store, alice);
    const created = await createSource({
      ctx,
      input: {
        name: 'warehouse',
        kind: 'postgres',
        config: { host: 'db' },
        secrets: { password: 'hunter2-secret' },
      },
    });
    expect(created.secretFields).toEqual(['password']);
    const raw = await t.store.db
      .selectFrom('sources')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(raw.secrets).not.toContain('hunter2');
    expect(testContext(t.store).secrets.open(raw.secrets!)).toEqual({ password: 'hunter2-secret' });
    const updated = await updateSource({
      ctx,
      input: { id: 'warehouse', patch: { secrets: { token: 'abc', password: null } } },
    });
    expect(updated.secretFields).toEqual(['token']);
    expect(JSON.stringify(await listSources({ ctx }))).not.toContain('hunter2');
  });

  run('writes an audit row for every change, with before and after', async () => {
    const ctx = testContext(t.store, alice);
    const s = await createSource({ ctx, input: { name: 'audited', kind: 'duckdb', config: {} } });
    await updateSource({ ctx, input: { id: s.id, patch: { description: 'the lake' } } });
    const rows = await queryAudit(t.store.db, { targetType: 'source', targetId: s.id, limit: 10 });
    expect(rows.map((r) => r.action)).toEqual(['source.update', 'source.create']);
    expect(rows[0]).toMatchObject({
      actor_name: 'alice',
      before: { description: '' },
      after: { description: 'the lake' },
    });
  });

  run('rolls back the change when its audit row cannot be written', async () => {
    const ctx = testContext(t.store, alice);
    // An actor name the audit table cannot hold (NUL is refused by PostgreSQL text) makes the
    // audit insert fail after the source insert succeeded: neither may remain.
    const broken = { ...ctx, actor: { ...alice, name: 'bad\u0000name' } };
    await expect(
      createSource({ ctx: broken, input: { name: 'half', kind: 'duckdb', config: {} } }),
    ).rejects.toThrow();
    await expect(getSource({ ctx, input: { id: 'half' } })).rejects.toThrow(/not found/);
  });

  run('deletes into the trash, restores, and purges after the retention period', async () => {
    const ctx = testContext(t.store, alice);
    const s = await createSource({ ctx, input: { name: 'trashme', kind: 'duckdb', config: {} } });
    await deleteSource({ ctx, input: { id: s.id } });
    await expect(getSource({ ctx, input: { id: s.id } })).rejects.toThrow(/not found/);
    expect((await listTrash(t.store.db)).map((i) => i.id)).toContain(s.id);
    // the name is free again while the old one is in the trash, so restoring would clash
    const again = await createSource({ ctx, input: { name: 'trashme', kind: 'duckdb', config: {} } });
    await expect(restoreFromTrash({ ctx, input: { kind: 'source', id: s.id } })).rejects.toThrow(
      /exists already/,
    );
    await deleteSource({ ctx, input: { id: again.id } });
    await restoreFromTrash({ ctx, input: { kind: 'source', id: s.id } });
    expect((await getSource({ ctx, input: { id: 'trashme' } })).id).toBe(s.id);

    ctx.clock.advance(29 * 86_400_000);
    expect(await purgeTrash({ ctx, input: { retentionDays: 30 } })).toEqual([]);
    ctx.clock.advance(2 * 86_400_000);
    const purged = await purgeTrash({ ctx, input: { retentionDays: 30 } });
    expect(purged.map((p) => p.id)).toEqual([again.id]);
    const { rows } = await sql`select count(*)::int as n from sources where id = ${again.id}`.execute(
      t.store.db,
    );
    expect(rows[0]).toEqual({ n: 0 });
  });
});
