import { spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { exited, waitForOutput } from '../support/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsxLoader = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/** Every file and folder under dir (the dir itself included) that group or others may use. */
function exposed(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & 0o077) !== 0) found.push(`${(stat.mode & 0o777).toString(8)} ${path}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

/** Fails naming the first few exposed paths, so a failure says what is open. */
function expectPrivate(dir: string): void {
  const open = exposed(dir);
  expect(open, `${open.length} open, e.g.\n${open.slice(0, 8).join('\n')}`).toEqual([]);
}

/** `vigil <args>` started from a shell whose umask is 000, the way a careless service unit runs it. */
function spawnUnderUmask000(args: string[], env: Record<string, string>) {
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      'umask 000 && exec "$@"',
      'sh',
      process.execPath,
      '--import',
      tsxLoader,
      `${root}/src/cli/main.ts`,
      ...args,
    ],
    {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, VIGIL_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    out += String(d);
  });
  return Object.assign(child, { output: () => out });
}

/**
 * The embedded store holds sessions, sealed channel secrets and the secret key: nobody but the
 * account running Vigil may read or change a byte of it, whatever umask Vigil was started with.
 */
describe('the embedded store is private to its owner', { timeout: 300_000 }, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'vigil-modes-'));
  const children: ReturnType<typeof spawnUnderUmask000>[] = [];
  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGTERM');
      await exited(child);
    }
  });

  it('vigil serve under umask 000 leaves no file or folder open to group or others', async () => {
    const dataDir = join(scratch, 'fresh');
    const child = spawnUnderUmask000(['serve'], { VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0' });
    children.push(child);
    const [, url] = await waitForOutput(child, /running at (http:\/\/[\d.:]+)/, 150_000);
    // A request that writes: the files a running store adds must be private too.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expectPrivate(dataDir);
    expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
    expect(lstatSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expectPrivate(dataDir);
  });

  it('an existing data dir left world-writable is tightened when Vigil starts on it', async () => {
    const dataDir = join(scratch, 'loose');
    const first = spawnUnderUmask000(['migrate'], { VIGIL_DATA_DIR: dataDir });
    children.push(first);
    await exited(first);
    // As an older Vigil left it: everything readable and writable by everyone.
    const loosen = (path: string) => {
      const stat = lstatSync(path);
      chmodSync(path, stat.isDirectory() ? 0o777 : 0o666);
      if (stat.isDirectory()) for (const name of readdirSync(path)) loosen(join(path, name));
    };
    mkdirSync(join(dataDir, 'store', 'extra'), { recursive: true });
    writeFileSync(join(dataDir, 'store', 'extra', 'note'), 'left by hand');
    loosen(dataDir);
    expect(exposed(dataDir).length).toBeGreaterThan(10);

    const child = spawnUnderUmask000(['serve'], { VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0' });
    children.push(child);
    await waitForOutput(child, /running at (http:\/\/[\d.:]+)/, 150_000);
    expectPrivate(dataDir);
    child.kill('SIGTERM');
    await exited(child);
  });

  it('a store opened in-process under umask 000 is private too', async () => {
    const dataDir = join(scratch, 'library');
    const previous = process.umask(0);
    try {
      const store = await openStore({ dataDir });
      await store.migrate();
      await store.close();
    } finally {
      process.umask(previous);
    }
    expectPrivate(dataDir);
  });
});
