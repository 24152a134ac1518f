import type { IncidentSeverity } from '../incident.js';

/**
 * An SLO as Vigil keeps it, shaped like OpenSLO v1 (service, indicator, time window, budgeting
 * method, objective, alerting), plus what OpenSLO leaves out and a team needs: an owner, a review
 * date and the budget policy it agreed on.
 */
export const BUDGETING_METHODS = ['Occurrences', 'Timeslices', 'RatioTimeslices'] as const;
export type BudgetingMethod = (typeof BUDGETING_METHODS)[number];

/** Indicators Vigil computes from its own records, and Prometheus queries it only exports. */
export type SliSpec =
  /** Share of time slices in which the freshness monitor passed. */
  | { kind: 'freshness'; monitor: string }
  /** Share of passing runs of the chosen monitors (errors count as bad). */
  | { kind: 'monitor_pass_rate'; monitors: string[] }
  /** Share of pipeline runs of the job that completed (failed and aborted are bad). */
  | { kind: 'pipeline_success'; job: string }
  /** Share of runs that completed before their reference time (nominal start, else start) plus `within`. */
  | { kind: 'pipeline_deadline'; job: string; within: string }
  /** Rows seen against rows expected, from a volume monitor's results. */
  | { kind: 'completeness'; monitor: string; expectedRows?: number | undefined }
  /** Share of incidents acknowledged within `within` of detection. */
  | { kind: 'incident_acknowledged'; within: string; severities: IncidentSeverity[] }
  /** Share of incidents resolved within `within` of detection. */
  | { kind: 'incident_resolved'; within: string; severities: IncidentSeverity[] }
  /**
   * Prometheus queries (imported from OpenSLO or Sloth): exported as rules, not evaluated here.
   * Either an error-ratio query, or good or bad with total. `counter`: the queries select raw
   * counters (OpenSLO's `counter: true`); otherwise they are rates with a `{{.window}}` placeholder.
   */
  | {
      kind: 'prometheus';
      good?: string | undefined;
      bad?: string | undefined;
      total?: string | undefined;
      errorRatio?: string | undefined;
      counter: boolean;
    };

export type SliKind = SliSpec['kind'];

export type TimeWindow =
  | { rolling: true; duration: string }
  | { rolling: false; duration: string; startTime: string; timeZone: string };

export interface SloObjective {
  displayName?: string | undefined;
  /** Share of good events (or slices) the objective asks for, in (0, 1). */
  target: number;
  /** Timeslices: a slice is good when its ratio reaches this. */
  timeSliceTarget?: number | undefined;
  /** Timeslices and RatioTimeslices: the slice length, e.g. `5m`. */
  timeSliceWindow?: string | undefined;
}

export interface SloAlerting {
  /** Multiwindow multi-burn-rate alerts: page on fast burns, ticket on slow ones. */
  page: boolean;
  ticket: boolean;
  /** A long alert window with fewer raw events than this carries a warning. */
  minEvents: number;
}

export interface BudgetPolicy {
  /** What the team agreed to do when the budget is spent (freeze releases, fix first…). */
  onExhausted: string;
  /** An incident that burned at least this share of the budget requires a postmortem. */
  postmortemShare: number;
}

export interface SloSpec {
  name: string;
  displayName?: string | undefined;
  description: string;
  service: string;
  owner: string | null;
  labels: Record<string, string>;
  indicator: SliSpec;
  timeWindow: TimeWindow;
  budgetingMethod: BudgetingMethod;
  objective: SloObjective;
  alerting: SloAlerting;
  budgetPolicy: BudgetPolicy;
  /** YYYY-MM-DD: when the owner is reminded to review the objective. */
  reviewDate: string | null;
}

export const DEFAULT_ALERTING: SloAlerting = { page: true, ticket: true, minEvents: 10 };
export const DEFAULT_BUDGET_POLICY: BudgetPolicy = { onExhausted: '', postmortemShare: 0.2 };

/** Indicators whose events come from Vigil's records (all but Prometheus queries). */
export const isNative = (sli: SliSpec) => sli.kind !== 'prometheus';

/** Indicators about incident response, which every incident of a listed severity affects. */
export const isResponse = (sli: SliSpec) =>
  sli.kind === 'incident_acknowledged' || sli.kind === 'incident_resolved';
