import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { readSloFile } from '../../src/ingest/openslo/documents.js';
import { runVigil } from '../support/cli.js';

/**
 * A "billion laughs" file: nine levels of nine aliases each expand to 9^9 (387 million) strings.
 * Expanded in full it would take the process down; it must be refused with a clear, one-line
 * error naming the file, never a stack trace.
 */
const LEVELS = 'abcdefghi'.split('');
function aliasBomb(key = 'bomb'): string {
  const lines = [`${LEVELS[0]}: &${LEVELS[0]} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  for (let i = 1; i < LEVELS.length; i++) {
    const prev = LEVELS[i - 1];
    lines.push(`${LEVELS[i]}: &${LEVELS[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  lines.push(`${key}: *${LEVELS[LEVELS.length - 1]}`);
  return `${lines.join('\n')}\n`;
}

const STACK_FRAME = /\n\s+at .+\(.+:\d+:\d+\)|ReferenceError|node_modules/;

describe('YAML alias bombs', { timeout: 120_000 }, () => {
  it('vigil slo import refuses an alias bomb with one clear line and a non-zero exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-yaml-bomb-'));
    writeFileSync(join(dir, 'laughs.yaml'), `apiVersion: openslo/v1\nkind: SLO\n${aliasBomb()}`);
    const r = await runVigil(['slo', 'import', 'laughs.yaml'], { VIGIL_DATA_DIR: join(dir, '.vigil') }, dir);
    expect(r.code).not.toBe(0);
    expect(r.output).not.toMatch(STACK_FRAME);
    expect(r.output).toMatch(/laughs\.yaml.*alias/);
  });

  it('the SLO file reader answers a problem with a line, not an exception', () => {
    const { entries, problems } = readSloFile(aliasBomb());
    expect(entries).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/alias/);
    expect(problems[0]?.line).toBeGreaterThan(0);
  });

  it('a bomb in vigil.yaml or in monitors/*.yaml is a configuration problem naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-yaml-bomb-'));
    writeFileSync(join(dir, 'vigil.yaml'), aliasBomb('monitors'));
    const fromConfig = (() => {
      try {
        loadConfig({}, dir);
      } catch (error) {
        return error;
      }
    })();
    expect(fromConfig).toBeInstanceOf(ConfigError);
    expect((fromConfig as Error).message).toMatch(/vigil\.yaml.*alias/);

    const other = mkdtempSync(join(tmpdir(), 'vigil-yaml-bomb-'));
    mkdirSync(join(other, 'monitors'));
    writeFileSync(join(other, 'monitors', 'orders.yaml'), aliasBomb('monitors'));
    const fromMonitors = (() => {
      try {
        loadConfig({}, other);
      } catch (error) {
        return error;
      }
    })();
    expect(fromMonitors).toBeInstanceOf(ConfigError);
    expect((fromMonitors as Error).message).toMatch(/orders\.yaml.*alias/);
  });

  it('vigil apply with a bomb in vigil.yaml exits non-zero without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-yaml-bomb-'));
    writeFileSync(join(dir, 'vigil.yaml'), aliasBomb('monitors'));
    const r = await runVigil(['apply'], { VIGIL_DATA_DIR: join(dir, '.vigil') }, dir);
    expect(r.code).not.toBe(0);
    expect(r.output).not.toMatch(STACK_FRAME);
    expect(r.output).toMatch(/vigil\.yaml.*alias/);
  });
});
