import type { ColumnType, Generated, Selectable } from 'kysely';

/** The incident tables (migration 0005), added to the store's Database by augmentation. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface IncidentsTable {
  id: string;
  title: string;
  summary: string;
  severity: string;
  status: string;
  type: string;
  affected_assets: Json<string[]>;
  declared_by: string;
  /** api | alert | policy: how the incident was opened. */
  declared_via: string;
  commander: string | null;
  communications_lead: string | null;
  scribe: string | null;
  responders: Json<string[]>;
  started_at: Timestamp;
  detected_at: Timestamp;
  acknowledged_at: Timestamp | null;
  mitigated_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IncidentAlertsTable {
  incident_id: string;
  alert_id: string;
  linked_at: Timestamp;
  linked_by: string;
}

export interface IncidentEventsTable {
  id: Generated<number>;
  incident_id: string;
  at: Timestamp;
  kind: string;
  actor: string;
  message: string;
  data: Json<Record<string, unknown>> | null;
  pinned: boolean;
}

declare module './schema.js' {
  interface Database {
    incidents: IncidentsTable;
    incident_alerts: IncidentAlertsTable;
    incident_events: IncidentEventsTable;
  }
}

export type IncidentRow = Selectable<IncidentsTable>;
export type IncidentEventRow = Selectable<IncidentEventsTable>;
