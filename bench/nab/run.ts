/**
 * NAB accuracy bench: streams every series of a NAB-shaped corpus through one detector with one
 * configuration (no per-file tuning, labels never reach the detector), writes NAB-format results
 * and prints the three profile scores beside the published detectors.
 * Run: npm run bench:nab -- --nab DIR --out DIR [--detector NAME]
 */
import fs from 'node:fs';
import path from 'node:path';
import { ALERT_SCORE, type DetectorName, getDetector } from '../../src/detect/index.js';
import { loadCorpus, type NabSeries } from './corpus.js';
import { PROFILE_NAMES, type ProfileName, scoreAllProfiles } from './scorer.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const nabDir = arg('nab') ?? '../shared/nab';
const outDir = arg('out');
const detectorName = (arg('detector') ?? 'ensemble') as DetectorName;
const detector = getDetector(detectorName);

const corpus = loadCorpus(nabDir);
let points = 0;
let maxState = 0;
let detectMs = 0;
// CPU time of this process, not wall time: the figure must not depend on what else the host runs.
let cpuUs = 0;
const results: Array<{ series: NabSeries; scores: Float64Array }> = [];
for (const series of corpus) {
  const n = series.values.length;
  const scores = new Float64Array(n);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let state = detector.init({});
  for (let i = 0; i < n; i++) {
    const r = detector.update(state, { time: series.times[i]!, value: series.values[i]! });
    state = r.state;
    scores[i] = r.verdict.score;
    // State size is sampled (JSON encoding is the storage cost, not part of detection time).
    if (i % 1000 === 999 || i === n - 1) {
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      maxState = Math.max(maxState, JSON.stringify(state).length);
      detectMs -= performance.now() - t1;
      const c2 = process.cpuUsage(c1);
      cpuUs -= c2.user + c2.system;
    }
  }
  detectMs += performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpuUs += c.user + c.system;
  points += n;
  results.push({ series, scores });
}

if (outDir) {
  for (const { series, scores } of results) {
    const dir = path.join(outDir, series.category);
    fs.mkdirSync(dir, { recursive: true });
    const lines = ['timestamp,value,anomaly_score'];
    for (let i = 0; i < scores.length; i++) {
      lines.push(`${series.stamps[i]},${series.values[i]},${scores[i]}`);
    }
    fs.writeFileSync(path.join(dir, series.file), `${lines.join('\n')}\n`);
  }
}

const scored = results
  .filter((r) => r.series.labelled)
  .map((r) => ({ rel: r.series.rel, scores: r.scores, windows: r.series.windows }));
const swept = scoreAllProfiles(scored);
const shipped = scoreAllProfiles(scored, ALERT_SCORE.medium);

/** Published rows from the corpus README's table ("| name | standard | low FP | low FN |"). */
function published(dir: string): Array<[string, number[]]> {
  const file = path.join(dir, 'README.md');
  if (!fs.existsSync(file)) return [];
  const rows: Array<[string, number[]]> = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const nums = cells.slice(2, 5).map(Number);
    if (cells.length >= 6 && nums.every((x) => Number.isFinite(x)) && cells[2] !== '') {
      rows.push([cells[1] ?? '', nums]);
    }
  }
  return rows;
}

const fmt = (r: Record<ProfileName, { score: number }>) => PROFILE_NAMES.map((p) => r[p].score.toFixed(2));
const table: Array<[string, string[]]> = [
  [`Vigil ${detectorName} (threshold swept)`, fmt(swept)],
  [`Vigil ${detectorName} (shipped medium, score >= ${ALERT_SCORE.medium})`, fmt(shipped)],
  ...published(nabDir).map(([name, nums]): [string, string[]] => [name, nums.map((x) => x.toFixed(2))]),
];
const width = Math.max(...table.map(([n]) => n.length));
console.log(
  `${corpus.length} series (${scored.length} labelled, ${scored.reduce((a, s) => a + s.windows.length, 0)} windows), ${points} points`,
);
console.log(`${'detector'.padEnd(width)}  standard  low FP  low FN`);
for (const [name, [a, b, c]] of table) {
  console.log(`${name.padEnd(width)}  ${a!.padStart(8)}  ${b!.padStart(6)}  ${c!.padStart(6)}`);
}
console.log(
  `swept thresholds: ${PROFILE_NAMES.map((p) => `${p} ${swept[p].threshold.toFixed(4)}`).join(', ')}`,
);
console.log(
  `time: ${(cpuUs / 1e6).toFixed(2)} s CPU (${(detectMs / 1000).toFixed(2)} s wall) for ${points} points, ` +
    `${(cpuUs / points).toFixed(1)} us/point; max state ${(maxState / 1024).toFixed(1)} KiB JSON`,
);
