import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus.js';
import { PROFILE_NAMES, scoreAllProfiles } from './scorer.js';

// The reference scorer and the real corpus are not part of the repository: the comparison runs when
// NAB_REFERENCE_SCORER (and, for the real corpus, NAB_DIR) name them, as docs/benchmarks.md shows.
const reference = process.env.NAB_REFERENCE_SCORER ?? '';
const realCorpus = process.env.NAB_DIR ?? '';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const stamp = (i: number) =>
  new Date(Date.UTC(2015, 0, 1) + i * 300_000).toISOString().slice(0, 19).replace('T', ' ');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nab-scorer-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A small corpus shaped like NAB: two categories, windows near the start, middle and end. */
function makeCorpus(dir: string) {
  const windows: Record<string, Array<[string, string]>> = {};
  const r = rng(3);
  for (const [cat, files] of [
    ['catA', 3],
    ['catB', 2],
  ] as const) {
    fs.mkdirSync(path.join(dir, 'data', cat), { recursive: true });
    for (let f = 0; f < files; f++) {
      const n = 800 + Math.floor(r() * 3000);
      const rows = Array.from({ length: n }, (_, i) => `${stamp(i)},${(r() * 100).toFixed(2)}`);
      fs.writeFileSync(path.join(dir, 'data', cat, `s${f}.csv`), `timestamp,value\n${rows.join('\n')}\n`);
      const wins: Array<[string, string]> = [];
      for (const at of [0.05, 0.5, 0.9].slice(0, 1 + (f % 3))) {
        const l = Math.floor(at * n);
        wins.push([`${stamp(l)}.000000`, `${stamp(Math.min(n - 1, l + Math.floor(n * 0.04)))}.000000`]);
      }
      windows[`${cat}/s${f}.csv`] = f === 2 ? [] : wins;
    }
  }
  fs.mkdirSync(path.join(dir, 'labels'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'labels', 'combined_windows.json'), JSON.stringify(windows));
}

/** Mostly quiet scores with sparse spikes, the shape real detectors produce. */
function writeScores(nabDir: string, outDir: string, seed: number) {
  const r = rng(seed);
  const out = [];
  for (const s of loadCorpus(nabDir)) {
    const scores = s.values.map(() => (r() < 0.01 ? 0.5 + 0.5 * r() : 0.3 * r()));
    fs.mkdirSync(path.join(outDir, s.category), { recursive: true });
    const lines = scores.map((x, i) => `${s.stamps[i]},${s.values[i]},${x}`);
    fs.writeFileSync(path.join(outDir, s.rel), `timestamp,value,anomaly_score\n${lines.join('\n')}\n`);
    out.push({ rel: s.rel, scores, windows: s.windows, labelled: s.labelled });
  }
  return out.filter((s) => s.labelled);
}

function referenceScores(nabDir: string, scoresDir: string) {
  const text = execFileSync('node', [reference, '--nab', nabDir, '--scores', scoresDir], {
    encoding: 'utf8',
  });
  return JSON.parse(text) as Record<string, { score: number; threshold: number }>;
}

describe.skipIf(!reference || !fs.existsSync(reference))('NAB scorer agrees with the reference scorer', () => {
  it('on a synthetic corpus, for all three profiles', () => {
    const nab = path.join(tmp, 'nab');
    makeCorpus(nab);
    for (const seed of [1, 2, 3]) {
      const out = path.join(tmp, `out-${seed}`);
      const ours = scoreAllProfiles(writeScores(nab, out, seed));
      const ref = referenceScores(nab, out);
      for (const p of PROFILE_NAMES) expect(Math.abs(ours[p].score - ref[p]!.score)).toBeLessThan(0.01);
    }
  });

  it.skipIf(!realCorpus || !fs.existsSync(realCorpus))('on the shared NAB corpus', () => {
    const out = path.join(tmp, 'out-real');
    const ours = scoreAllProfiles(writeScores(realCorpus, out, 9));
    const ref = referenceScores(realCorpus, out);
    for (const p of PROFILE_NAMES) expect(Math.abs(ours[p].score - ref[p]!.score)).toBeLessThan(0.01);
  });
});
