import type { ColumnType, Generated, Selectable } from 'kysely';
import type { SloSpec } from '../domain/slo/model.js';

/** The SLO tables (migration 0009-slos), added to the store's Database type by augmentation. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** What the worker keeps from the last evaluation, for /metrics and lists without recomputing. */
export interface StoredEvaluation {
  at: string;
  status: string;
  sli: number | null;
  budgetLeft: number | null;
  burnRates: Record<string, number | null>;
  errorRatios: Record<string, number | null>;
  firing: 'page' | 'ticket' | null;
}

export interface SlosTable {
  id: string;
  name: string;
  service: string;
  owner: string | null;
  spec: Json<SloSpec>;
  /** api | import | config */
  origin: string;
  last_evaluation: Json<StoredEvaluation> | null;
  last_evaluated_at: Timestamp | null;
  budget_exhausted_at: Timestamp | null;
  review_reminded_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SloEventsTable {
  id: Generated<number>;
  slo_id: string;
  at: Timestamp;
  kind: string;
  message: string;
  data: Json<Record<string, unknown>> | null;
}

declare module './schema.js' {
  interface Database {
    slos: SlosTable;
    slo_events: SloEventsTable;
  }
}

export type SloRow = Selectable<SlosTable>;
export type SloEventRow = Selectable<SloEventsTable>;
