import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { runVigil } from '../support/cli.js';

describe('vigil maintenance', { timeout: 400_000 }, () => {
  it('opens a window on an asset for a declared backfill and ends it when the backfill is done', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-maint-'));
    const env = { VIGIL_DATA_DIR: join(dir, '.vigil') };
    const started = await runVigil(
      ['maintenance', 'start', 'main.orders', '--for', '2h', '--reason', 'backfill of March'],
      env,
      dir,
    );
    expect(started.output).toMatch(/maintenance mnt_\S+ on main\.orders until \d{4}-\d\d-\d\dT/);
    expect(started.code).toBe(0);
    const ended = await runVigil(['maintenance', 'end', 'main.orders'], env, dir);
    expect(ended.output).toContain('ended 1 maintenance window(s) on main.orders');
    expect(ended.code).toBe(0);

    const store = await openStore({ dataDir: join(dir, '.vigil') });
    try {
      const [w] = await store.db.selectFrom('maintenance_windows').selectAll().execute();
      expect(w).toMatchObject({ scope: 'asset', target: 'main.orders', reason: 'backfill of March' });
      expect(w?.ended_at).not.toBeNull();
      expect((w?.ends_at.getTime() ?? 0) - (w?.starts_at.getTime() ?? 0)).toBe(2 * 3_600_000);
      const audit = await store.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'maintenance.%')
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual(['maintenance.end', 'maintenance.start']);
    } finally {
      await store.close();
    }
  });
});
