import type { ColumnType, Selectable } from 'kysely';

/** Incident response tables (migration 0008), added to the store's Database by augmentation. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface IncidentImpactTable {
  incident_id: string;
  bad_data_from: Timestamp | null;
  bad_data_to: Timestamp | null;
  /** bigint: drivers answer a string or a number; read it through Number(). */
  rows_affected: ColumnType<string | number | null, number | null, number | null>;
  partitions: Json<string[]>;
  consumers: Json<string[]>;
  backfill_status: string;
  updated_at: Timestamp;
  updated_by: string;
}

export interface IncidentRemindersTable {
  incident_id: string;
  kind: string;
  due_at: Timestamp;
  sent_at: Timestamp;
}

export interface AssetRunbooksTable {
  asset: string;
  content: string;
  updated_at: Timestamp;
  updated_by: string;
}

export interface CodeVersionsTable {
  asset: string;
  version: string;
  kind: string;
  seen_at: Timestamp;
  reported_by: string;
  note: string;
}

declare module './schema.js' {
  interface Database {
    incident_impact: IncidentImpactTable;
    incident_reminders: IncidentRemindersTable;
    asset_runbooks: AssetRunbooksTable;
    code_versions: CodeVersionsTable;
  }
}

export type IncidentImpactRow = Selectable<IncidentImpactTable>;
