/**
 * The JavaScript a reader downloads for the first page (the signed-in overview): the entry
 * chunk, everything it imports statically, and the overview page's chunk with its imports,
 * gzipped. Reads the Vite manifest of a build: `npx vite build web && npx tsx web/scripts/first-load-size.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

const dist = join(import.meta.dirname, '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>;
const FIRST_PAGE = 'src/pages/overview.tsx';

const files = new Set<string>();
const css = new Set<string>();
const visit = (key: string) => {
  const c = manifest[key];
  if (!c || files.has(c.file)) return;
  files.add(c.file);
  for (const f of c.css ?? []) css.add(f);
  for (const i of c.imports ?? []) visit(i);
};
const entry = Object.entries(manifest).find(([, c]) => c.isEntry)?.[0];
if (!entry) throw new Error('no entry chunk in the manifest: build with manifest: true');
visit(entry);
visit(FIRST_PAGE);

const size = (f: string) => {
  const raw = readFileSync(join(dist, f));
  return { raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
};
let raw = 0;
let gz = 0;
for (const f of files) {
  const s = size(f);
  raw += s.raw;
  gz += s.gz;
  console.log(`${f.padEnd(44)} ${(s.raw / 1024).toFixed(1).padStart(8)} KiB ${(s.gz / 1024).toFixed(1).padStart(7)} KiB gz`);
}
const cssGz = [...css].reduce((n, f) => n + size(f).gz, 0);
console.log(`first page JS: ${files.size} files, ${(raw / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzipped`);
console.log(`first page CSS: ${(cssGz / 1024).toFixed(1)} KiB gzipped`);
if (gz > 500 * 1024) {
  console.error('over the 500 KiB gzipped budget');
  process.exitCode = 1;
}
