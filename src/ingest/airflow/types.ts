import type { RunStatus } from '../../domain/pipeline-run.js';
import type { OutboundPolicy } from '../../net/outbound-guard.js';

/** Where an Airflow lives and how to sign in. Airflow 3 serves /api/v2, Airflow 2 /api/v1. */
export interface AirflowConnection {
  baseUrl: string;
  version: 2 | 3;
  username: string;
  password: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** The outbound guard every request and redirect hop goes through (security.allowOutboundCidrs). */
  policy: OutboundPolicy;
}

/**
 * Why a call to Airflow failed, in words safe to show and store: no socket or HTTP library text.
 * `unreachable` and `timeout` are worth retrying; `unauthorized` and `not_found` need a person.
 */
export type AirflowError =
  | { kind: 'unreachable'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'unauthorized'; status: number; message: string }
  | { kind: 'not_found'; status: number; message: string }
  | { kind: 'server_error'; status: number; message: string }
  | { kind: 'bad_response'; message: string };

export type AirflowResult<T> = { ok: true; value: T } | { ok: false; error: AirflowError };

/** One DAG run as Vigil keeps it. Times are ISO 8601 as Airflow sends them. */
export interface AirflowDagRun {
  dagId: string;
  runId: string;
  /** Airflow's own word: queued, running, success, failed. */
  airflowState: string;
  status: RunStatus;
  runType?: string;
  /** Null for runs Airflow 3 triggers from asset events. */
  logicalDate: string | null;
  dataIntervalStart: string | null;
  dataIntervalEnd: string | null;
  startDate: string | null;
  endDate: string | null;
  durationSeconds: number | null;
}

export interface AirflowTaskRun {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
  tryNumber: number;
  airflowState: string | null;
  status: RunStatus;
  logicalDate: string | null;
  startDate: string | null;
  endDate: string | null;
  durationSeconds: number | null;
  operator?: string;
}

/** A DAG's metadata, from GET /dags (Airflow 2 /api/v1, Airflow 3 /api/v2). */
export interface AirflowDag {
  dagId: string;
  description: string | null;
  owners: string[];
  tags: string[];
  /** The schedule as Airflow summarises it: a cron expression, a preset (`@daily`), `every 1d`, or null. */
  schedule: string | null;
  /** Airflow's words for it (`At 03:00`), where it gives them (2.3+). */
  scheduleDescription: string | null;
  paused: boolean;
}

/**
 * Where the last poll stopped: the latest end_date read and the runs ending exactly then (the next
 * poll asks for end_date >= it, and skips those). The caller stores it between polls.
 */
export interface AirflowCursor {
  endDate: string | null;
  seenAtEndDate: string[];
}

export const START_CURSOR: AirflowCursor = { endDate: null, seenAtEndDate: [] };
