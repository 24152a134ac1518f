/**
 * Reads a corpus laid out like the Numenta Anomaly Benchmark: DIR/data/<category>/<file>.csv
 * (timestamp,value rows) and DIR/labels/combined_windows.json (anomaly windows by file).
 * Any directory with that layout works; the file list comes from the data folder itself.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface NabSeries {
  /** "<category>/<file>.csv", the key used by the labels file */
  rel: string;
  category: string;
  file: string;
  /** timestamps exactly as written in the CSV (NAB matches windows on this text) */
  stamps: string[];
  times: number[];
  values: number[];
  /** anomaly windows as inclusive row indices; empty when the file has none */
  windows: Array<[number, number]>;
  /** false when the labels file does not list the file: it is run but not scored */
  labelled: boolean;
}

export function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  return { header, rows: lines.slice(1).map((l) => l.split(',')) };
}

/** NAB timestamps are UTC wall-clock text without a zone: "2014-04-01 00:00:00". */
export function parseStamp(text: string): number {
  const t = Date.parse(`${text.trim().replace(' ', 'T')}Z`);
  if (Number.isNaN(t)) throw new Error(`unreadable timestamp: ${text}`);
  return t;
}

export function loadCorpus(nabDir: string, categories?: ReadonlySet<string>): NabSeries[] {
  const dataDir = path.join(nabDir, 'data');
  const labelsFile = path.join(nabDir, 'labels', 'combined_windows.json');
  const labels = fs.existsSync(labelsFile)
    ? (JSON.parse(fs.readFileSync(labelsFile, 'utf8')) as Record<string, Array<[string, string]>>)
    : {};
  const out: NabSeries[] = [];
  for (const category of fs.readdirSync(dataDir).sort()) {
    if (categories && !categories.has(category)) continue;
    const catDir = path.join(dataDir, category);
    if (!fs.statSync(catDir).isDirectory()) continue;
    for (const file of fs.readdirSync(catDir).sort()) {
      if (!file.endsWith('.csv')) continue;
      const rel = `${category}/${file}`;
      const { header, rows } = readCsv(path.join(catDir, file));
      const vi = header.indexOf('value');
      if (vi < 0) throw new Error(`${rel}: no value column`);
      const stamps = rows.map((r) => (r[0] ?? '').trim());
      const windows = (labels[rel] ?? []).map(([a, b]): [number, number] => {
        const l = stamps.indexOf(a.replace(/\.0+$/, ''));
        const r = stamps.indexOf(b.replace(/\.0+$/, ''));
        if (l < 0 || r < 0) throw new Error(`${rel}: window timestamps not found`);
        return [l, r];
      });
      out.push({
        rel,
        category,
        file,
        stamps,
        times: stamps.map(parseStamp),
        values: rows.map((r) => Number(r[vi])),
        windows,
        labelled: rel in labels,
      });
    }
  }
  return out;
}
