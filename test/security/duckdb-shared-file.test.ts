import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbExec } from '../support/duckdb-file.js';
import { type DuckDbWatch, watchDuckDb } from '../support/duckdb-watch.js';

/**
 * A team's loader in a process of its own: opens the file read-write, adds a row, and closes it
 * (or, with `hold`, keeps it open until told to go on). Prints `locked`, then `done` or `error: …`.
 */
const LOADER = `
import { DuckDBInstance } from '@duckdb/node-api';
const [path, mode] = process.argv.slice(1);
try {
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  await c.run('INSERT INTO events SELECT coalesce(max(id), 0) + 1 FROM events');
  console.log('locked');
  if (mode === 'hold') await new Promise((go) => process.stdin.once('data', go));
  c.closeSync();
  db.closeSync();
  console.log('done');
} catch (e) {
  console.log('error: ' + e.message);
}
process.stdin.destroy();
`;

/** One load, start to end: answers what the loader printed. */
function load(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', LOADER, path, 'once'], (e, stdout) =>
      e ? reject(e) : resolve(stdout.trim()),
    );
  });
}

/** A loader that holds the file open read-write until `release` is called. */
async function holdOpen(path: string): Promise<{ release(): Promise<string> }> {
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', LOADER, path, 'hold']);
  let out = '';
  const exited = new Promise<void>((go) => child.on('exit', () => go()));
  await new Promise<void>((go, stop) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked')) go();
      if (out.includes('error:')) stop(new Error(`the loader could not open the file: ${out}`));
    });
  });
  return {
    async release() {
      child.stdin?.write('go\n');
      await exited;
      return out.trim();
    },
  };
}

const LOCK_TEXT = /Could not set lock|Conflicting lock/;

describe('Vigil shares a DuckDB file with the team that loads it', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-shared-'));
  const file = join(root, 'shop.duckdb');
  let w: DuckDbWatch;
  let monitor: string;

  /** Puts a fresh warehouse with `rows` events at the watched path, the way a deploy would. */
  const replace = async (rows: number) => {
    const next = join(root, `next-${randomBytes(4).toString('hex')}.duckdb`);
    await duckdbExec(next, [
      'CREATE TABLE events (id BIGINT)',
      `INSERT INTO events SELECT range FROM range(${rows})`,
    ]);
    renameSync(next, file);
  };

  beforeAll(async () => {
    await replace(3);
    w = await watchDuckDb();
    // A short wait where the test waits out a writer, a long one where the writer lets go in it.
    await w.addSource('shop', file, { lockWaitMs: 1_000 });
    await w.addSource('patient', file, { lockWaitMs: 30_000 });
    monitor = await w.addMonitor('events', 'shop', 'SELECT count(*) FROM main.events');
  });
  afterAll(async () => {
    await w?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('a loader writes between checks without a lock error, and each check sees its rows', {
    timeout: 180_000,
  }, async () => {
    await replace(3);
    for (let i = 0; i < 3; i++) {
      const r = await w.run(monitor);
      expect(r.answer, r.body).toMatchObject({ status: 'pass', observed: 3 + 2 * i });
      expect(await load(file)).toBe('locked\ndone');
      const p = await w.preview('shop', 'SELECT count(*) FROM main.events');
      expect(p.answer, p.body).toMatchObject({ status: 'pass', observed: 4 + 2 * i });
      const out = await load(file);
      expect(out).not.toMatch(LOCK_TEXT);
      expect(out).toBe('locked\ndone');
    }
  });

  it('a replaced file is read by the next check, not the old one', async () => {
    await replace(3);
    expect((await w.run(monitor)).answer.observed).toBe(3);
    await replace(42);
    expect((await w.run(monitor)).answer).toMatchObject({ status: 'pass', observed: 42 });
  });

  it('a deleted file: the check is an error that says so, Vigil stays up, and no file is made', async () => {
    await replace(5);
    expect((await w.run(monitor)).answer.observed).toBe(5);
    rmSync(file);
    const r = await w.run(monitor);
    expect(r.answer, r.body).toMatchObject({ status: 'error', observed: null });
    expect(r.answer.message).toMatch(/does not exist/);
    expect(r.answer.message).toContain(file);
    expect((await w.h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.wal`)).toBe(false);
    await replace(6);
    expect((await w.run(monitor)).answer).toMatchObject({ status: 'pass', observed: 6 });
  });

  it('a source whose file does not exist creates none, in an existing folder or a missing one', async () => {
    const paths = [join(root, 'ghost.duckdb'), join(root, 'no-such-dir', 'ghost.duckdb')];
    for (const [i, path] of paths.entries()) {
      await w.addSource(`ghost-${i}`, path);
      const r = await w.preview(`ghost-${i}`, 'SELECT 1');
      expect(r.answer, r.body).toMatchObject({ status: 'error' });
      expect(r.answer.message).toMatch(/does not exist/);
      expect(existsSync(path)).toBe(false);
      expect(existsSync(`${path}.wal`)).toBe(false);
    }
  });

  it('a writer holding the file when a check opens it: the check waits briefly, then errors; the next works', async () => {
    await replace(3);
    const writer = await holdOpen(file);
    const r = await w.run(monitor);
    expect(r.answer, r.body).toMatchObject({ status: 'error', observed: null });
    expect(r.answer.message).toMatch(/locked by another process/);
    expect(r.answer.message).not.toMatch(LOCK_TEXT);
    expect(await writer.release()).toBe('locked\ndone');
    expect((await w.run(monitor)).answer).toMatchObject({ status: 'pass', observed: 4 });
  });

  it('a writer that lets go within the wait: the check goes through', async () => {
    await replace(3);
    const writer = await holdOpen(file);
    const running = w.preview('patient', 'SELECT count(*) FROM main.events');
    await new Promise((go) => setTimeout(go, 200));
    expect(await writer.release()).toBe('locked\ndone');
    expect((await running).answer).toMatchObject({ status: 'pass', observed: 4 });
  });

  it('a corrupt file: the check is an error, Vigil stays up, and the next check reads the repaired file', async () => {
    writeFileSync(file, randomBytes(256 * 1024));
    const r = await w.run(monitor);
    expect(r.answer, r.body).toMatchObject({ status: 'error', observed: null });
    expect(r.answer.message).toMatch(/not a valid DuckDB database/);
    expect((await w.h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await replace(7);
    expect((await w.run(monitor)).answer).toMatchObject({ status: 'pass', observed: 7 });
  });

  it('a file deleted during a check: that check ends, Vigil stays up, and the next one says the file is gone', async () => {
    await replace(3);
    const slow = w.preview(
      'shop',
      'SELECT count(*) FROM main.events, range(100000000) r WHERE r.range % 7 <> 0',
    );
    await new Promise((go) => setTimeout(go, 50));
    rmSync(file);
    expect(['pass', 'error']).toContain((await slow).answer.status);
    const r = await w.run(monitor);
    expect(r.answer).toMatchObject({ status: 'error' });
    expect(r.answer.message).toMatch(/does not exist/);
    expect((await w.h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
