import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function dirWith(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
  writeFileSync(join(dir, 'vigil.yaml'), yaml);
  return dir;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults with no file and no environment', () => {
    const config = loadConfig({}, mkdtempSync(join(tmpdir(), 'vigil-empty-')));
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8484 });
    expect(config.store.dataDir).toBe('.vigil');
    expect(config.store.databaseUrl).toBeUndefined();
  });

  it('lets the environment override the file', () => {
    const dir = dirWith('server:\n  port: 9000\n  host: 0.0.0.0\n');
    const config = loadConfig({ VIGIL_PORT: '9100' }, dir);
    expect(config.server).toEqual({ host: '0.0.0.0', port: 9100 });
  });

  it('lists every problem at once, each with its key path and where it was set', () => {
    const dir = dirWith('server:\n  port: 99999\n  colour: blue\nlog:\n  level: loud\n');
    const problems = problemsOf(() => loadConfig({ VIGIL_SECRET_KEY: 'short' }, dir));
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^server\.port \(.*vigil\.yaml line 2\): /),
        expect.stringMatching(/^server\.colour \(.*vigil\.yaml line 3\): is not a known setting/),
        expect.stringMatching(/^log\.level \(.*vigil\.yaml line 5\): /),
        expect.stringMatching(/^security\.secretKey \(from VIGIL_SECRET_KEY\): must be 64 hex/),
      ]),
    );
  });

  it('names the line and column of a YAML syntax error', () => {
    const problems = problemsOf(() => loadConfig({}, dirWith('server:\n  port: [1, 2\n')));
    expect(problems[0]).toMatch(/vigil\.yaml \(line \d+, column \d+\)/);
  });

  it('refuses a VIGIL_CONFIG that points nowhere', () => {
    expect(problemsOf(() => loadConfig({ VIGIL_CONFIG: 'missing.yaml' }, tmpdir()))[0]).toMatch(
      /^VIGIL_CONFIG: no file at/,
    );
  });
});
