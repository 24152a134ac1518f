/**
 * Response shapes for incidents, the catalog, lineage, pipeline runs and users, written to match
 * src/server/routes (the paths are checked by test/e2e/api-paths.test.ts).
 */
import type { Alert, Role } from './types.js';

export const INCIDENT_SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export const INCIDENT_STATUSES = [
  'triage',
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'closed',
] as const;
export const OPEN_STATUSES = ['triage', 'investigating', 'identified', 'monitoring'] as const;
export const INCIDENT_TYPES = [
  'freshness',
  'volume',
  'schema',
  'quality',
  'pipeline_failure',
  'infrastructure',
  'other',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];
export type IncidentType = (typeof INCIDENT_TYPES)[number];
export type IncidentRole = 'commander' | 'communications_lead' | 'scribe' | 'responder';

export interface Incident {
  id: string;
  title: string;
  summary: string;
  severity: string;
  status: string;
  type: string;
  open: boolean;
  affectedAssets: string[];
  declaredBy: string;
  declaredVia: string;
  roles: {
    commander: string | null;
    communicationsLead: string | null;
    scribe: string | null;
    responders: string[];
  };
  times: {
    startedAt: string | null;
    detectedAt: string | null;
    acknowledgedAt: string | null;
    mitigatedAt: string | null;
    resolvedAt: string | null;
    closedAt: string | null;
  };
  /** Seconds; detect from the start, the others from detection. */
  durations: {
    timeToDetect: number | null;
    timeToAcknowledge: number | null;
    timeToMitigate: number | null;
    timeToResolve: number | null;
  };
  alertIds: string[];
  /** In a cascade: the most upstream failing asset, and the alerts downstream of it. */
  rootCause?: {
    asset: string;
    alertId: string;
    consequences: Array<{ asset: string; alertId: string }>;
  } | null;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentEvent {
  id: number;
  at: string;
  /** declared | status | role_assigned | note | update | alert_linked | gate … */
  kind: string;
  actor: string;
  message: string;
  data: Record<string, unknown> | null;
  pinned: boolean;
}

export interface DeclareInput {
  title: string;
  summary?: string;
  severity: IncidentSeverity;
  type?: IncidentType;
  affectedAssets?: string[];
  commander?: string;
}

export interface StakeholderUpdate {
  status: IncidentStatus;
  impact: string;
  nextUpdateAt?: string;
  channels?: string[];
}

export interface AssetColumn {
  name: string;
  type?: string;
  description?: string;
  pii?: string | null;
}

export interface Asset {
  id: string;
  name: string;
  namespace: string;
  type: string;
  description: string;
  owner: string | null;
  domain: string | null;
  tags: string[];
  columns: AssetColumn[];
  origin: string;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AssetDetail extends Asset {
  monitors: { id: string; name: string; kind: string; lastStatus: string | null }[];
  alerts: Alert[];
}

export interface LineageNode {
  name: string;
  depth: number;
  path: string[];
  via: (string | null)[];
  type: string | null;
  owner: string | null;
}

export interface LineageAnswer {
  asset: string;
  direction: 'upstream' | 'downstream';
  depth: number;
  nodes: LineageNode[];
  edges: { from: string; to: string; via: string | null }[];
}

export interface AssetHealth {
  asset: string;
  healthy: boolean;
  reasons: string[];
  alerts: { id: string; title: string; severity: string }[];
  incidents: { id: string; title: string; severity: string; status: string }[];
}

export interface PipelineRun {
  runId: string;
  job: string;
  origin: string;
  state: string;
  startedAt: string | null;
  endedAt: string | null;
  logicalDate: string | null;
  durationSeconds: number | null;
  error: string | null;
}

export interface PipelineJob {
  job: string;
  origin: string;
  runs: number;
  failures: number;
  active: number;
  failureRate: number;
  durationSeconds: { p50: number; p95: number; max: number } | null;
  lastRun: PipelineRun;
}

export interface PipelineHeatmap {
  timeZone: string;
  from: string;
  to: string;
  /** runs[weekday][hour]; weekday 0 = Monday. */
  runs: number[][];
  failures: number[][];
  total: { runs: number; failures: number };
}

export interface User {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  createdBy: string;
  lastLoginAt: string | null;
}

export interface LoginAnswer {
  token: string;
  user: { name: string; role: Role };
  expiresAt: string;
}
