import type { ColumnType, Selectable } from 'kysely';

/** Alerting's tables (migration 0011-alerting), added to the store's Database type. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface StoredRotation {
  name: string;
  participants: string[];
  start: string;
  handoffTime: string;
  length: string;
}

export interface StoredOverride {
  person: string;
  startsAt: string;
  endsAt: string;
  rotation?: string | null;
}

export interface OncallSchedulesTable {
  id: string;
  name: string;
  time_zone: string;
  rotations: Json<StoredRotation[]>;
  overrides: Json<StoredOverride[]>;
  /** Person -> the channel that reaches them. */
  contacts: Json<Record<string, string>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StoredEscalationLevel {
  /** Channel names, or `schedule:NAME` for whoever is on call. */
  targets: string[];
  delayMinutes: number;
}

export interface EscalationPoliciesTable {
  id: string;
  name: string;
  matchers: Json<string[]>;
  levels: Json<StoredEscalationLevel[]>;
  repeat: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AlertEscalationsTable {
  alert_id: string;
  episode: Timestamp;
  policy: string;
  step: number;
  updated_at: Timestamp;
}

export interface MaintenanceWindowsTable {
  id: string;
  scope: string;
  target: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  cron: string | null;
  duration: string | null;
  time_zone: string | null;
  reason: string;
  created_by: string;
  created_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface InboundIntegrationsTable {
  id: string;
  name: string;
  token_hash: string;
  mapping: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_used_at: Timestamp | null;
}

export interface AlertLinkUsesTable {
  nonce: string;
  alert_id: string;
  action: string;
  used_at: Timestamp;
  expires_at: Timestamp;
}

declare module './schema.js' {
  interface Database {
    oncall_schedules: OncallSchedulesTable;
    escalation_policies: EscalationPoliciesTable;
    alert_escalations: AlertEscalationsTable;
    maintenance_windows: MaintenanceWindowsTable;
    inbound_integrations: InboundIntegrationsTable;
    alert_link_uses: AlertLinkUsesTable;
  }
  interface AlertsTable {
    ack_seconds?: ColumnType<number | null, number | null | undefined, number | null>;
  }
}

export type OncallScheduleRow = Selectable<OncallSchedulesTable>;
export type EscalationPolicyRow = Selectable<EscalationPoliciesTable>;
export type MaintenanceWindowRow = Selectable<MaintenanceWindowsTable>;
export type InboundIntegrationRow = Selectable<InboundIntegrationsTable>;
