export { type DbtArtifact, parseDbtArtifact } from './artifact.js';
export { parseDbtManifest } from './manifest.js';
export { parseDbtRunResults, parseDbtSourceFreshness } from './results.js';
export type {
  DbtAsset,
  DbtAssetKind,
  DbtCheckResult,
  DbtColumn,
  DbtFreshnessResults,
  DbtFreshnessRule,
  DbtLineageEdge,
  DbtMonitor,
  DbtMonitorKind,
  DbtNodeRun,
  DbtProject,
  DbtRunResults,
} from './types.js';
export { freshnessMonitorId } from './types.js';
export {
  type DbtArtifactKind,
  type DbtArtifactVersion,
  detectDbtArtifact,
  SUPPORTED_VERSIONS,
} from './version.js';
