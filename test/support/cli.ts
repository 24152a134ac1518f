import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
// An absolute loader path, so the CLI also starts from a folder outside the repository.
const tsxLoader = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/** Runs the `vigil` CLI from source, as a user would run the built one. */
export function spawnVigil(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = root,
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', tsxLoader, `${root}/src/cli/main.ts`, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, VIGIL_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  return Object.assign(child, { output: () => out });
}

/** Waits for a pattern in the process output, or fails with what it printed. */
export async function waitForOutput(
  child: ReturnType<typeof spawnVigil>,
  pattern: RegExp,
  ms = 45_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const m = child.output().match(pattern);
    if (m) return m;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`did not see ${pattern} in:\n${child.output()}`);
}

export async function runVigil(args: string[], env: Record<string, string | undefined> = {}, cwd = root) {
  const child = spawnVigil(args, env, cwd);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, output: child.output() };
}

export async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}
