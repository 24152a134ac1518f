import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbConfigSchema, duckdbEngine } from '../../src/sources/duckdb/index.js';
import type { SqlDriver } from '../../src/sources/sql/driver.js';
import { duckdbExec } from '../support/duckdb-file.js';
import { type DuckDbWatch, watchDuckDb } from '../support/duckdb-watch.js';

/**
 * A responder's SQL reaches the warehouse and nothing else: not Vigil's secret key, not the host's
 * files, not extensions, not the settings that would lift those limits.
 */
describe('DuckDB SQL cannot read the files of the Vigil host', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-file-read-'));
  const dataDir = join(root, 'data');
  const keyFile = join(dataDir, 'secret.key');
  const key = randomBytes(32).toString('hex');
  const warehouse = join(root, 'shop.duckdb');
  const written = join(root, 'written.csv');
  let w: DuckDbWatch;

  /** Every way the key could come out: whole, 12 hex digits at a time, or as the number they make. */
  const leaks = (body: string) => {
    const chunks = key.match(/.{12}/g) ?? [];
    const found = [key, ...chunks, ...chunks.map((c) => BigInt(`0x${c}`).toString())].filter((s) =>
      body.includes(s),
    );
    return found.length > 0 || /root:x?:0:0/.test(body);
  };

  const reads: Record<string, string> = {
    read_text: `SELECT ('0x' || substr(content, 1, 12))::BIGINT FROM read_text('${keyFile}')`,
    read_blob: `SELECT ('0x' || substr(content::VARCHAR, 1, 12))::BIGINT FROM read_blob('${keyFile}')`,
    read_csv: `SELECT ('0x' || substr(k, 13, 12))::BIGINT FROM read_csv('${keyFile}', header = false, columns = {'k': 'VARCHAR'})`,
    'a csv path as a table': `SELECT ('0x' || substr(k, 25, 12))::BIGINT FROM '${join(dataDir, 'export.csv')}'`,
    glob: `SELECT count(*) FROM glob('${dataDir}/*')`,
    '/etc/passwd by read_text': `SELECT length(content) FROM read_text('/etc/passwd')`,
    '/etc/passwd by read_csv': `SELECT count(*) FROM read_csv('/etc/passwd', delim = ':', header = false)`,
  };
  const statements: Record<string, string> = {
    'COPY TO': `COPY (SELECT 1) TO '${written}'`,
    ATTACH: `ATTACH '${keyFile}' AS stolen`,
    INSTALL: 'INSTALL httpfs',
    LOAD: 'LOAD httpfs',
    'SET external access': 'SET enable_external_access = true',
  };

  beforeAll(async () => {
    mkdirSync(dataDir);
    writeFileSync(keyFile, key, { mode: 0o600 });
    writeFileSync(join(dataDir, 'export.csv'), `k\n${key}\n`);
    await duckdbExec(warehouse, [
      'CREATE TABLE events (id BIGINT)',
      'INSERT INTO events SELECT range FROM range(3)',
    ]);
    w = await watchDuckDb();
    await w.addSource('shop', warehouse);
  });
  afterAll(async () => {
    await w?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers the warehouse itself', async () => {
    const r = await w.preview('shop', 'SELECT count(*) FROM main.events');
    expect(r.answer).toMatchObject({ status: 'pass', observed: 3 });
  });

  it.each(Object.entries(reads))(
    'refuses %s in a preview, and nothing of the file comes out',
    async (_, sql) => {
      const r = await w.preview('shop', sql);
      expect(r.code, r.body).toBe(200);
      expect(r.answer.status, r.body).toBe('error');
      expect(r.answer.observed).toBeNull();
      expect(leaks(r.body), r.body).toBe(false);
      expect(r.answer.message).not.toMatch(/Permission Error|file system operations/);
    },
  );

  it.each(Object.entries(statements))('refuses %s in a preview', async (_, sql) => {
    const r = await w.preview('shop', sql);
    expect(r.answer.status, r.body).toBe('error');
    expect(leaks(r.body)).toBe(false);
    expect(existsSync(written)).toBe(false);
  });

  it('refuses the same reads in a saved custom SQL monitor run by a responder', async () => {
    for (const [name, sql] of Object.entries(reads)) {
      const id = await w.addMonitor(`steal ${name}`, 'shop', sql);
      const r = await w.run(id);
      expect(r.code, r.body).toBe(200);
      expect(r.answer.status, `${name}: ${r.body}`).toBe('error');
      expect(leaks(r.body), r.body).toBe(false);
    }
  });

  describe('below the read-only guard, the engine itself refuses', () => {
    let driver: SqlDriver;
    const exec = (sql: string) => driver.exec(sql, [], { timeoutMs: 30_000 });
    beforeAll(() => {
      driver = duckdbEngine(duckdbConfigSchema.parse({ kind: 'duckdb', path: warehouse })).driver;
    });
    afterAll(() => driver.close());

    it('lifting the limits: the configuration is locked', async () => {
      await expect(exec('SET enable_external_access = true')).rejects.toThrow();
      await expect(exec("SET allowed_directories = ['/']")).rejects.toThrow();
      await expect(exec('RESET enable_external_access')).rejects.toThrow();
      const after = await exec(reads.read_text as string).then(
        (a) => JSON.stringify(a.rows, (_, v) => (typeof v === 'bigint' ? String(v) : v)),
        (e: Error) => e.message,
      );
      expect(leaks(after), after).toBe(false);
    });

    it.each(Object.entries(statements))('%s fails and writes nothing', async (_, sql) => {
      const out = await exec(sql).then(
        () => 'ran',
        (e: Error) => e.message,
      );
      expect(out).not.toBe('ran');
      expect(leaks(out)).toBe(false);
      expect(existsSync(written)).toBe(false);
    });

    it.each(Object.entries(reads))('%s fails', async (_, sql) => {
      const out = await exec(sql).then(
        (a) => `ran: ${JSON.stringify(a.rows, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`,
        (e: Error) => e.message,
      );
      expect(out).not.toMatch(/^ran/);
      expect(leaks(out)).toBe(false);
    });
  });
});
