/**
 * Per-file view of a NAB run: for each series, the windows found (and how early) and the false
 * positives at one threshold. Reads the NAB-format results written by run.ts.
 * Run: npx tsx bench/nab/diagnose.ts --nab DIR --out DIR --threshold T
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadCorpus } from './corpus.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const nabDir = arg('nab') ?? '../shared/nab';
const outDir = arg('out') ?? '/tmp/nab-out';
const threshold = Number(arg('threshold') ?? '0.5');

let totalFp = 0;
let totalHit = 0;
let totalWin = 0;
for (const s of loadCorpus(nabDir)) {
  const lines = fs
    .readFileSync(path.join(outDir, s.category, s.file), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const scores = lines.map((l) => Number(l.split(',')[2]));
  const n = scores.length;
  const probation = Math.min(Math.floor(0.15 * n), 750);
  const inWin = (i: number) => s.windows.findIndex(([l, r]) => i >= l && i <= r);
  const hits = s.windows.map(([l, r]) => {
    for (let i = Math.max(l, probation); i <= r; i++)
      if (scores[i]! >= threshold) return ((i - l) / (r - l + 1)).toFixed(2);
    return '-';
  });
  const fps: number[] = [];
  for (let i = probation; i < n; i++) if (scores[i]! >= threshold && inWin(i) < 0) fps.push(i);
  totalFp += fps.length;
  totalHit += hits.filter((h) => h !== '-').length;
  totalWin += s.windows.length;
  const w = s.windows.map(([l, r]) => `${l}-${r}`).join(' ');
  console.log(
    `${s.rel.padEnd(62)} n=${String(n).padStart(5)} win[${w}] hit[${hits.join(' ')}] fp=${fps.length}${fps.length ? ` (${fps.slice(0, 8).join(',')}${fps.length > 8 ? ',...' : ''})` : ''}`,
  );
}
console.log(`windows hit ${totalHit}/${totalWin}, false positives ${totalFp} at threshold ${threshold}`);
