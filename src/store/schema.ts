import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import './schema-incidents.js';
import './schema-catalog.js';
import './schema-postmortems.js';
import './schema-incident-response.js';
import './schema-slos.js';

/**
 * The store's tables as Kysely sees them. One schema for both dialects (PGlite and PostgreSQL);
 * each migration in ./migrations adds to it and this file mirrors the result.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface UsersTable {
  id: string;
  name: string;
  password_hash: string | null;
  role: string;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  role: string;
  token_hash: string;
  /** The first characters of the token, so a person can tell tokens apart without the secret. */
  prefix: string;
  created_at: Timestamp;
  created_by: string;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  summary: string;
  before: Json | null;
  after: Json | null;
  request_id: string | null;
}

export interface SourcesTable {
  id: string;
  name: string;
  kind: string;
  description: string;
  config: Json<Record<string, unknown>>;
  /** AES-256-GCM sealed JSON of the secret fields; never returned by the API. */
  secrets: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  deleted_by: string | null;
}

export interface SettingsTable {
  key: string;
  value: Json;
}

export interface MonitorsTable {
  id: string;
  name: string;
  kind: string;
  source_id: string;
  asset: string;
  config: Json<Record<string, unknown>>;
  schedule: Json<Record<string, unknown>>;
  severity: string;
  owner: string | null;
  labels: Json<Record<string, string>>;
  runbook: string | null;
  description: string;
  enabled: boolean;
  paused_reason: string | null;
  origin: string;
  detector_state: Json | null;
  next_run_at: Timestamp;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  last_status: string | null;
  last_run_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  deleted_by: string | null;
}

export interface CheckResultsTable {
  id: Generated<number>;
  monitor_id: string;
  source_id: string;
  at: Timestamp;
  status: string;
  observed: number | null;
  expected_lower: number | null;
  expected_upper: number | null;
  score: number | null;
  message: string;
  details: Json | null;
  duration_ms: number;
  queries: number;
  query_ms: number;
  rows_scanned: number | null;
  bytes_scanned: number | null;
}

export interface MetricPointsTable {
  monitor_id: string;
  metric: string;
  segment: string;
  at: Timestamp;
  value: number;
}

export interface SchemaSnapshotsTable {
  id: Generated<number>;
  monitor_id: string;
  at: Timestamp;
  columns: Json;
  diff: Json | null;
}

export interface AlertsTable {
  id: string;
  fingerprint: string;
  origin: string;
  monitor_id: string | null;
  source_id: string | null;
  status: string;
  severity: string;
  title: string;
  summary: string;
  labels: Json<Record<string, string>>;
  annotations: Json<Record<string, string>>;
  started_at: Timestamp;
  last_seen_at: Timestamp;
  resolved_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  event_count: number;
}

export interface AlertEventsTable {
  id: Generated<number>;
  alert_id: string;
  at: Timestamp;
  kind: string;
  message: string;
  actor: string | null;
}

export interface ChannelsTable {
  id: string;
  name: string;
  kind: string;
  description: string;
  config: Json<Record<string, unknown>>;
  secrets: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  deleted_by: string | null;
}

export interface SilencesTable {
  id: string;
  matchers: Json<string[]>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  created_by: string;
  comment: string;
  created_at: Timestamp;
}

export interface NotificationGroupsTable {
  key: string;
  route: Json<Record<string, unknown>>;
  state: Json | null;
  next_check_at: Timestamp | null;
  created_at: Timestamp;
}

export interface NotificationGroupAlertsTable {
  group_key: string;
  alert_id: string;
}

export interface OutboxTable {
  id: Generated<number>;
  channel_name: string;
  group_key: string | null;
  message: Json<Record<string, unknown>>;
  idempotency_key: string;
  status: string;
  attempts: number;
  next_attempt_at: Timestamp;
  lease_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface HeartbeatsTable {
  id: string;
  name: string;
  token_hash: string;
  schedule: Json<Record<string, unknown>>;
  grace: string;
  severity: string;
  owner: string | null;
  labels: Json<Record<string, string>>;
  status: string;
  last_ping_at: Timestamp | null;
  last_start_at: Timestamp | null;
  run_id: string | null;
  deadline_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  deleted_by: string | null;
}

export interface HeartbeatPingsTable {
  id: Generated<number>;
  heartbeat_id: string;
  at: Timestamp;
  kind: string;
  run_id: string | null;
  duration_ms: number | null;
}

export interface Database {
  heartbeats: HeartbeatsTable;
  heartbeat_pings: HeartbeatPingsTable;
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  channels: ChannelsTable;
  silences: SilencesTable;
  notification_groups: NotificationGroupsTable;
  notification_group_alerts: NotificationGroupAlertsTable;
  outbox: OutboxTable;
  monitors: MonitorsTable;
  check_results: CheckResultsTable;
  metric_points: MetricPointsTable;
  schema_snapshots: SchemaSnapshotsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  sources: SourcesTable;
  settings: SettingsTable;
}

export type ApiTokenRow = Selectable<ApiTokensTable>;
export type NewApiToken = Insertable<ApiTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type SourceRow = Selectable<SourcesTable>;
export type SourceUpdate = Updateable<SourcesTable>;
export type UserRow = Selectable<UsersTable>;
export type MonitorRow = Selectable<MonitorsTable>;
export type CheckResultRow = Selectable<CheckResultsTable>;
export type AlertRow = Selectable<AlertsTable>;
export type ChannelRow = Selectable<ChannelsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type HeartbeatRow = Selectable<HeartbeatsTable>;
