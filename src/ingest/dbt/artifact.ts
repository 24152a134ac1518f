import { fail, type Parsed } from '../shared/result.js';
import { parseDbtManifest } from './manifest.js';
import { parseDbtRunResults, parseDbtSourceFreshness } from './results.js';
import type { DbtFreshnessResults, DbtProject, DbtRunResults } from './types.js';
import { detectDbtArtifact, isVersionError } from './version.js';

export type DbtArtifact =
  | { kind: 'manifest'; value: DbtProject }
  | { kind: 'run-results'; value: DbtRunResults }
  | { kind: 'sources'; value: DbtFreshnessResults };

/** Any of the three artifacts, told apart by metadata.dbt_schema_version (for `vigil import` and uploads). */
export function parseDbtArtifact(input: unknown): Parsed<DbtArtifact> {
  const v = detectDbtArtifact(input);
  if (isVersionError(v)) return fail([v]);
  const wrap = <K extends DbtArtifact['kind'], T>(kind: K, p: Parsed<T>): Parsed<DbtArtifact> =>
    p.ok ? { ok: true, value: { kind, value: p.value } as DbtArtifact } : p;
  if (v.kind === 'manifest') return wrap('manifest', parseDbtManifest(input));
  if (v.kind === 'run-results') return wrap('run-results', parseDbtRunResults(input));
  return wrap('sources', parseDbtSourceFreshness(input));
}
