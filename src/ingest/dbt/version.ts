import { type FieldError, isRecord } from '../shared/result.js';

/**
 * dbt artifacts say what they are in metadata.dbt_schema_version, e.g.
 * https://schemas.getdbt.com/dbt/manifest/v12.json. Vigil reads the versions below; others are refused
 * with an error naming the version rather than half-read.
 */
export type DbtArtifactKind = 'manifest' | 'run-results' | 'sources';

export const SUPPORTED_VERSIONS: Record<DbtArtifactKind, readonly number[]> = {
  // v10–v12 (dbt 1.6 to 1.10) are the main line; v4–v9 (dbt 1.0 to 1.5) carry the same fields Vigil reads.
  manifest: [4, 5, 6, 7, 8, 9, 10, 11, 12],
  'run-results': [4, 5, 6],
  sources: [3],
};

export interface DbtArtifactVersion {
  kind: DbtArtifactKind;
  version: number;
  url: string;
}

const URL_RE = /^https?:\/\/schemas\.getdbt\.com\/dbt\/([a-z-]+)\/v(\d+)(?:\.json)?$/;

const range = (vs: readonly number[]) => (vs.length === 1 ? `v${vs[0]}` : `v${vs[0]}–v${vs[vs.length - 1]}`);

/** Which artifact and version a parsed JSON file is, or why Vigil cannot read it. */
export function detectDbtArtifact(
  input: unknown,
  expected?: DbtArtifactKind,
): DbtArtifactVersion | FieldError {
  const path = '/metadata/dbt_schema_version';
  if (!isRecord(input)) return { path: '', message: 'must be object (a dbt artifact)' };
  if (!isRecord(input.metadata))
    return { path: '/metadata', message: 'is required (is this a dbt artifact?)' };
  const url = input.metadata.dbt_schema_version;
  if (typeof url !== 'string') return { path, message: 'is required (is this a dbt artifact?)' };
  const m = URL_RE.exec(url);
  if (!m) return { path, message: `${JSON.stringify(url)} is not a dbt artifact schema URL` };
  const kind = m[1]!;
  const version = Number(m[2]);
  if (!(kind in SUPPORTED_VERSIONS)) return { path, message: `dbt ${kind} artifacts are not read by Vigil` };
  const k = kind as DbtArtifactKind;
  if (expected && k !== expected) return { path, message: `is a dbt ${k} v${version}, not a ${expected}` };
  const supported = SUPPORTED_VERSIONS[k];
  if (!supported.includes(version)) {
    return { path, message: `dbt ${k} v${version} is not supported; Vigil reads ${k} ${range(supported)}` };
  }
  return { kind: k, version, url };
}

export const isVersionError = (v: DbtArtifactVersion | FieldError): v is FieldError => 'message' in v;
