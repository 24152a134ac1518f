#!/usr/bin/env node
// The installed entry point runs the compiled CLI (built by `npm install`'s prepare step).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('vigil: the compiled CLI is missing; run `npm run build` (or `npm install`) first');
  process.exit(1);
}
await import(main.href);
