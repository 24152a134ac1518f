import { readFileSync } from 'node:fs';

/** The hand-written OpenLineage events in ./fixtures, read fresh so tests may change their copy. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

export const FIXTURES = ['run-start', 'run-complete', 'run-fail', 'dataset-event', 'job-event'] as const;

type Step = string | number;

function parentOf(root: unknown, path: readonly Step[]): Record<Step, unknown> {
  let node = root as Record<Step, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<Step, unknown>;
  return node;
}

/** Set a value deep inside a fixture, for tests that break one field. */
export function setIn(root: unknown, path: readonly Step[], value: unknown): void {
  parentOf(root, path)[path[path.length - 1]!] = value;
}

export function deleteIn(root: unknown, path: readonly Step[]): void {
  delete parentOf(root, path)[path[path.length - 1]!];
}
