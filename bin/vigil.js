#!/usr/bin/env node
// The installed entry point runs the compiled CLI (built by `npm install`'s prepare step).
//
// This file is CommonJS (bin/package.json says so) on purpose: Node reads an ES module entry
// through libuv's thread pool, which fixes the pool's size before the first line of the module
// runs. A CommonJS entry is read synchronously, so the size below still applies.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

// DuckDB runs each statement on a thread of this pool, and sign-in hashes passwords on it. With
// Node's default of 4, four slow warehouse queries leave the API nothing to hash a password with.
// A size the user set is kept.
if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = '16';

const main = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  console.error('vigil: the compiled CLI is missing; run `npm run build` (or `npm install`) first');
  process.exit(1);
}
import(pathToFileURL(main).href).catch((error) => {
  console.error(error);
  process.exit(1);
});
