import type { SCHEMA_FIELDS } from './paths.js';

/** The API's response shapes, written to match src/server/routes (checked by test/e2e/api-paths.test.ts). */
export type Role = 'viewer' | 'responder' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'responder', 'admin'];

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { kind: string; id: string; name: string };
  action: string;
  target: { type: string; id: string };
  summary: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export interface Source {
  id: string;
  name: string;
  kind: string;
  description: string;
  config: Record<string, unknown>;
  /** Secret fields that are set; their values are write-only and never come back. */
  secretFields: string[];
  createdAt: string;
  updatedAt: string;
}

export interface SourceInput {
  name: string;
  kind: string;
  description?: string;
  config: Record<string, unknown>;
  secrets?: Record<string, unknown>;
}

export interface SourceCost {
  sourceId: string;
  runs: number;
  queries: number;
  queryMs: number;
  bytesScanned: number;
}

export type TrashKind = string;

export interface TrashItem {
  kind: TrashKind;
  id: string;
  name: string;
  deletedAt: string;
  deletedBy: string | null;
  purgeAfter: string;
}

export const MONITOR_KINDS = [
  'freshness',
  'volume',
  'schema',
  'column_health',
  'custom_sql',
  'threshold',
] as const;
export type MonitorKind = (typeof MONITOR_KINDS)[number];
export const SEVERITIES = ['page', 'ticket', 'log'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Schedule = { every: string } | { cron: string; timeZone?: string };

export interface Monitor {
  id: string;
  name: string;
  kind: MonitorKind;
  sourceId: string;
  asset: string;
  config: Record<string, unknown>;
  schedule: Schedule;
  severity: Severity;
  owner: string | null;
  labels: Record<string, string>;
  runbook: string | null;
  description: string;
  enabled: boolean;
  pausedReason: string | null;
  origin: 'api' | 'code';
  createdAt: string;
  updatedAt: string;
}

export interface MonitorInput {
  name: string;
  kind: MonitorKind;
  source: string;
  asset: string;
  config?: Record<string, unknown>;
  schedule?: Schedule;
  severity?: Severity;
  owner?: string | null;
  description?: string;
  enabled?: boolean;
}

export const CHECK_STATUSES = ['pass', 'fail', 'error', 'learning'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface CheckResult {
  id: number;
  monitorId: string;
  at: string;
  /** pass | fail | error | learning; a string so a newer server's status still shows. */
  status: string;
  observed: number | null;
  expected: { lower: number | null; upper: number | null } | null;
  score: number | null;
  message: string;
  details: unknown;
  durationMs: number;
  cost: { queries: number; queryMs: number; rowsScanned: number | null; bytesScanned: number | null };
}

export interface MetricPoint {
  metric: string;
  segment: string;
  at: string;
  value: number;
}

export interface SchemaSnapshot {
  at: string;
  columns: unknown;
  diff: unknown;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[]; requestId?: string };
}

export interface Items<T> {
  items: T[];
}

// Compile-time: each interface has exactly the fields SCHEMA_FIELDS lists for the live document.
type Same<T, K extends readonly string[]> = [
  Exclude<keyof T, K[number]>,
  Exclude<K[number], keyof T>,
] extends [never, never]
  ? true
  : false;
type Fields = typeof SCHEMA_FIELDS;
export const fieldsMatch: [
  Same<ApiToken, Fields['ApiToken']>,
  Same<AuditEntry, Fields['AuditEntry']>,
  Same<Source, Fields['Source']>,
  Same<TrashItem, Fields['TrashItem']>,
  Same<Monitor, Fields['Monitor']>,
  Same<CheckResult, Fields['CheckResult']>,
] = [true, true, true, true, true, true];
