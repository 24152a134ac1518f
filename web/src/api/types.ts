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
  /** The last check's status; null until the monitor has run. */
  lastStatus: CheckStatus | null;
  lastRunAt: string | null;
  nextRunAt: string;
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

export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface Alert {
  id: string;
  fingerprint: string;
  /** check | source | external; a string so a newer server's origin still shows. */
  origin: string;
  monitorId: string | null;
  status: AlertStatus;
  severity: string;
  title: string;
  summary: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** Seconds from start to the first acknowledgement; null until acknowledged. */
  timeToAcknowledgeSeconds: number | null;
  count: number;
}

export interface AlertEvent {
  at: string;
  /** fired | refired | acknowledged | resolved … */
  kind: string;
  message: string;
  actor: string | null;
}

export interface AlertDetail extends Alert {
  events: AlertEvent[];
}

export interface AlertQuery {
  status?: AlertStatus;
  severity?: Severity;
  q?: string;
  monitor?: string;
  limit?: number;
}

export type SilenceState = 'pending' | 'active' | 'expired';

export interface Silence {
  id: string;
  /** Alertmanager syntax, e.g. monitor="orders volume"; an alert must match all of them. */
  matchers: string[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  state: SilenceState;
}

export interface SilenceInput {
  matchers: string[];
  startsAt?: string;
  endsAt: string;
  comment: string;
}

export const CHANNEL_KINDS = ['slack', 'teams', 'email', 'webhook', 'pagerduty', 'inbox'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export interface Channel {
  id: string;
  name: string;
  kind: string;
  description: string;
  /** The kind's settings without its secrets. */
  config: Record<string, unknown>;
  /** Secret fields that are set; their values are write-only and never come back. */
  secretFields: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ChannelInput {
  name: string;
  kind: ChannelKind;
  description?: string;
  /** The kind's fields, secrets included. */
  config: Record<string, unknown>;
}

export interface ChannelTestResult {
  ok: boolean;
  status?: number;
  error?: string;
}

/** The routing tree in Alertmanager's shape. */
export interface RoutingConfig {
  route: unknown;
  inhibit_rules?: unknown[];
}

export interface RoutingAnswer {
  /** False when nothing was saved: every channel gets every alert, grouped by monitor. */
  configured: boolean;
  routing: RoutingConfig | null;
}

export interface OutboxItem {
  id: number;
  channel: string;
  /** pending | sending | sent | dead */
  status: string;
  attempts: number;
  lastError: string | null;
  title: string;
  createdAt: string;
  sentAt: string | null;
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
  Same<Alert, Fields['Alert']>,
  Same<Silence, Fields['Silence']>,
  Same<Channel, Fields['Channel']>,
] = [true, true, true, true, true, true, true, true, true];
