import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

/**
 * Vigil's data dir holds the embedded store (sessions, sealed channel secrets, audit) and the
 * secret key: only the account running Vigil may read or change it, whatever umask it was started
 * with (service units and containers often run with 000 or 002).
 */
const GROUP_AND_OTHER = 0o077;

/**
 * Every file and folder this process creates from now on is private to its owner. PGlite creates
 * files for as long as the store is open (WAL segments, new tables), so a one-off chmod after
 * opening would miss them: the mask must hold for the whole process. Stricter bits a user set are
 * kept. Worker threads may not change the umask; there the chmod of tightenTree still applies.
 */
export function keepNewFilesPrivate(): void {
  if (!isMainThread) return;
  const previous = process.umask(GROUP_AND_OTHER);
  process.umask(previous | GROUP_AND_OTHER);
}

/** Creates dir (and missing parents) and makes dir itself 0700, also when it existed before. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * Takes group and other permissions off every file and folder under dir (dir included), for data
 * dirs written by an older Vigil or under a loose umask. Symbolic links are not followed: chmod
 * through one would change a file outside the data dir.
 */
export function tightenTree(dir: string): void {
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink()) return;
  if ((stat.mode & GROUP_AND_OTHER) !== 0) chmodSync(dir, stat.mode & 0o700);
  if (stat.isDirectory()) for (const name of readdirSync(dir)) tightenTree(join(dir, name));
}
