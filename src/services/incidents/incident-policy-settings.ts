import {
  CORRELATION_MAX_HOPS,
  CORRELATION_WINDOW_MS,
  PROMOTE_AFTER_MS,
  REPORT_CADENCE_MS,
  type ReportCadence,
} from '../../domain/incident-response.js';
import { INCIDENT_SEVERITIES } from '../../domain/incident.js';
import { type Executor, json } from '../../store/executor.js';
import { mutate, type ServiceContext } from '../context.js';

/** How the incident policy behaves, kept in the store and edited by API; defaults until then. */
export interface IncidentPolicySettings {
  /** Alerts on lineage-linked assets starting this close together join one incident; 0: never. */
  correlationWindowMinutes: number;
  correlationMaxHops: number;
  /** Firing this long without an incident promotes an alert; null: never. */
  promoteAfterMinutes: number | null;
  /** Per severity, how often each report is expected; null: no reminder. */
  reportCadenceMinutes: Record<string, { tactical: number | null; executive: number | null }>;
  /** When every alert of an open incident resolves (checks green): resolve it, not just ask. */
  resolveWhenAlertsClear: boolean;
}

export const INCIDENT_POLICY_SETTING = 'incident_policy';

const minutes = (ms: number | null) => (ms === null ? null : ms / 60_000);

export const DEFAULT_INCIDENT_POLICY: IncidentPolicySettings = {
  correlationWindowMinutes: CORRELATION_WINDOW_MS / 60_000,
  correlationMaxHops: CORRELATION_MAX_HOPS,
  promoteAfterMinutes: PROMOTE_AFTER_MS / 60_000,
  reportCadenceMinutes: Object.fromEntries(
    INCIDENT_SEVERITIES.map((s) => [
      s,
      {
        tactical: minutes(REPORT_CADENCE_MS[s].tactical),
        executive: minutes(REPORT_CADENCE_MS[s].executive),
      },
    ]),
  ),
  resolveWhenAlertsClear: false,
};

export async function loadIncidentPolicy(db: Executor): Promise<IncidentPolicySettings> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', INCIDENT_POLICY_SETTING)
    .executeTakeFirst();
  const v = (row?.value ?? {}) as Partial<IncidentPolicySettings>;
  return {
    ...DEFAULT_INCIDENT_POLICY,
    ...v,
    reportCadenceMinutes: {
      ...DEFAULT_INCIDENT_POLICY.reportCadenceMinutes,
      ...(v.reportCadenceMinutes ?? {}),
    },
  };
}

/** The report cadence of the settings, in the domain's milliseconds. */
export function cadenceOf(p: IncidentPolicySettings): ReportCadence {
  const ms = (m: number | null | undefined) => (m === null || m === undefined ? null : m * 60_000);
  return Object.fromEntries(
    INCIDENT_SEVERITIES.map((s) => {
      const c = p.reportCadenceMinutes[s];
      return [s, { tactical: ms(c?.tactical), executive: ms(c?.executive) }];
    }),
  ) as ReportCadence;
}

/** Replaces the parts given; the rest keep their value. */
export async function saveIncidentPolicy({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: Partial<IncidentPolicySettings>;
}): Promise<IncidentPolicySettings> {
  return mutate(ctx, async (trx) => {
    const before = await loadIncidentPolicy(trx);
    const after: IncidentPolicySettings = {
      ...before,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
      reportCadenceMinutes: { ...before.reportCadenceMinutes, ...(input.reportCadenceMinutes ?? {}) },
    };
    await trx
      .insertInto('settings')
      .values({ key: INCIDENT_POLICY_SETTING, value: json(after) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json(after) }))
      .execute();
    return {
      result: after,
      audit: {
        action: 'incident_policy.update',
        targetType: 'settings',
        targetId: INCIDENT_POLICY_SETTING,
        summary: `incident policy: ${Object.keys(input).join(', ') || 'unchanged'}`,
        before,
        after,
      },
    };
  });
}
