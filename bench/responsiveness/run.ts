/**
 * Does the API stay responsive while monitor previews keep a warehouse busy?
 *
 * Starts `vigil serve` in its own process on a DuckDB source, has N responders each fire one
 * heavy preview (a cross join that runs until the server gives up on it), and while those run
 * times sign-in (scrypt on libuv's thread pool) and GET /healthz, one request after another.
 * Each N gets a freshly started server on the same data dir, so one phase's previews never leak
 * into the next.
 *
 *   npm run bench:responsiveness -- [--previews 4,8] [--window 10] [--threadpool 16] [--root DIR]
 *                                   [--duckdb-threads N]
 *
 * --root runs another checkout (e.g. a worktree of an older commit, with node_modules linked) to
 * measure the server as it was; --threadpool sets UV_THREADPOOL_SIZE for the server the way
 * bin/vigil.js does (this bench starts src/cli/main.ts through tsx, which bin/vigil.js does not);
 * --duckdb-threads sets the source's `threads` (default: the source's own default).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const option = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const root = resolve(option('root', fileURLToPath(new URL('../..', import.meta.url))));
const previewCounts = option('previews', '4,8').split(',').map(Number);
const windowMs = Number(option('window', '10')) * 1000;
const threadpool = option('threadpool', '');
const duckdbThreads = option('duckdb-threads', '');
/** A request that has not answered by then is counted as "no answer" (the server may never). */
const CAP_MS = 30_000;
const ADMIN = `vgl_bench-admin-${Date.now()}`;
const PASSWORD = 'bench password 123';
const HEAVY_SQL =
  'SELECT count(*) FROM range(1000000) a(x), range(1000000) b(y) WHERE (a.x * b.y + a.x) % 7919 = 3';

interface Server {
  url: string;
  child: ChildProcess;
}

async function startServer(dataDir: string): Promise<Server> {
  const loader = join(root, 'node_modules/tsx/dist/loader.mjs');
  const child = spawn(process.execPath, ['--import', loader, join(root, 'src/cli/main.ts'), 'serve'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      VIGIL_DATA_DIR: dataDir,
      VIGIL_PORT: '0',
      VIGIL_ADMIN_TOKEN: ADMIN,
      VIGIL_LOG_LEVEL: 'warn',
      ...(threadpool ? { UV_THREADPOOL_SIZE: threadpool } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const url = await new Promise<string>((ok, fail) => {
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = out.match(/running at (http:\/\/[\d.:]+)/);
      if (m?.[1]) ok(m[1]);
    });
    child.on('exit', () => fail(new Error(`vigil serve exited:\n${out}`)));
  });
  return { url, child };
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null) return;
  const gone = new Promise((ok) => s.child.on('exit', ok));
  s.child.kill('SIGKILL');
  await gone;
}

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const admin = { authorization: `Bearer ${ADMIN}` };
const signIn = (url: string, name: string) =>
  call(`${url}/api/v1/login`, { method: 'POST', body: JSON.stringify({ name, password: PASSWORD }) });

/** Milliseconds to an answer, or Infinity when there was none within CAP_MS. */
async function timed(work: (signal: AbortSignal) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  try {
    await work(AbortSignal.timeout(CAP_MS));
    return performance.now() - started;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const show = (ms: number) =>
  Number.isFinite(ms) ? `${ms.toFixed(ms < 100 ? 1 : 0)} ms` : 'no answer in 30 s';
const summary = (xs: number[]) =>
  `p50 ${show(quantile(xs, 0.5))}, max ${show(Math.max(...xs))} (${xs.length} requests)`;

/** Sign-in and /healthz, alternately, until the window closes (a slow answer ends it late). */
async function sample(url: string, ms: number) {
  const signIns: number[] = [];
  const health: number[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    signIns.push(
      await timed(async (signal) => {
        const r = await fetch(`${url}/api/v1/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'probe', password: PASSWORD }),
          signal,
        });
        if (r.status !== 200) throw new Error(`sign-in answered ${r.status}`);
        await r.text();
      }),
    );
    health.push(
      await timed(async (signal) => {
        const r = await fetch(`${url}/healthz`, { signal });
        await r.text();
      }),
    );
  }
  return { signIns, health };
}

const scratch = mkdtempSync(join(tmpdir(), 'vigil-bench-resp-'));
const dataDir = join(scratch, 'data');
const warehouse = join(scratch, 'shop.duckdb');
const instance = await DuckDBInstance.create(warehouse);
const conn = await instance.connect();
await conn.run('CREATE TABLE orders (id BIGINT)');
conn.closeSync();
instance.closeSync();

const users = Math.max(...previewCounts);
let server = await startServer(dataDir);
await call(`${server.url}/api/v1/sources`, {
  method: 'POST',
  headers: admin,
  body: JSON.stringify({
    name: 'shop',
    kind: 'duckdb',
    config: { path: warehouse, ...(duckdbThreads ? { threads: Number(duckdbThreads) } : {}) },
  }),
});
for (const name of ['probe', ...Array.from({ length: users }, (_, i) => `responder${i + 1}`)]) {
  const r = await call(`${server.url}/api/v1/users`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ name, password: PASSWORD, role: 'responder' }),
  });
  if (r.status !== 201) throw new Error(`creating ${name}: ${JSON.stringify(r.body)}`);
}

console.log(`root ${root}; UV_THREADPOOL_SIZE ${threadpool || 'unset (4)'}; window ${windowMs / 1000} s`);
const idle = await sample(server.url, 3_000);
console.log(`idle: sign-in ${summary(idle.signIns)}; /healthz ${summary(idle.health)}`);

for (const n of previewCounts) {
  await stopServer(server);
  server = await startServer(dataDir);
  const { url } = server;
  const tokens: string[] = [];
  for (let i = 1; i <= n; i++) {
    const r = await signIn(url, `responder${i}`);
    tokens.push((r.body as { token: string }).token);
  }
  // Each responder fires one preview: one person's limit never decides how many run.
  const stop = new AbortController();
  const answers = tokens.map((token) =>
    fetch(`${url}/api/v1/monitors/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        kind: 'custom_sql',
        source: 'shop',
        asset: 'main.orders',
        config: { sql: HEAVY_SQL, bounds: { min: 0 } },
      }),
      signal: stop.signal,
    }).then(
      (r) => r.status,
      () => 0,
    ),
  );
  await new Promise((ok) => setTimeout(ok, 2_000));
  const refused = (await Promise.all(answers.map((a) => Promise.race([a, Promise.resolve(-1)])))).filter(
    (s) => s === 429,
  ).length;
  const busy = await sample(url, windowMs);
  console.log(
    `${n} previews (${n - refused} running, ${refused} refused 429): sign-in ${summary(busy.signIns)}; /healthz ${summary(busy.health)}`,
  );
  stop.abort();
}
await stopServer(server);
