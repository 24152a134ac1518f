import type { VigilApi } from './client.js';
import type { Items } from './types.js';

/** An on-call rotation as the API takes and answers it. */
export interface Rotation {
  name: string;
  participants: string[];
  /** Local date of the first hand-off, 2026-01-05. */
  start: string;
  /** Local hand-off time, 09:00. */
  handoffTime: string;
  /** 1d, 1w, 12h … */
  length: string;
}

export interface ScheduleInput {
  timeZone: string;
  rotations: Rotation[];
  overrides?: Array<{ person: string; startsAt: string; endsAt: string; rotation?: string | null }>;
  /** Person → the channel that reaches them. */
  contacts: Record<string, string>;
}

export interface Schedule extends Required<ScheduleInput> {
  id: string;
  name: string;
  onCallNow: Array<{ rotation: string; person: string; from: string; until: string; override: boolean }>;
  updatedAt: string;
}

export interface EscalationLevel {
  /** Channel names, or schedule:NAME for whoever is on call. */
  targets: string[];
  delayMinutes: number;
}

export interface PolicyInput {
  matchers: string[];
  levels: EscalationLevel[];
  repeat: number;
}

export interface Policy extends PolicyInput {
  id: string;
  name: string;
  updatedAt: string;
}

export type MaintenanceState = 'pending' | 'open' | 'ended';

export interface MaintenanceWindow {
  id: string;
  scope: string;
  target: string;
  reason: string;
  startsAt: string;
  endsAt: string;
  recurrence: { cron: string; duration: string; timeZone: string } | null;
  createdBy: string;
  endedAt: string | null;
  state: MaintenanceState;
}

export interface MaintenanceInput {
  asset?: string;
  source?: string;
  reason: string;
  startsAt?: string;
  for?: string;
  endsAt?: string;
  recurrence?: { cron: string; duration: string; timeZone: string };
}

/** On-call schedules, escalation policies, maintenance windows and the session, over the client. */
export function settingsApi(api: VigilApi) {
  const name = (n: string) => ({ name: n });
  return {
    schedules: () => api.call<Items<Schedule>>('listSchedules'),
    saveSchedule: (n: string, body: ScheduleInput) =>
      api.call<Schedule>('saveSchedule', { path: name(n), body }),
    deleteSchedule: (n: string) => api.call<void>('deleteSchedule', { path: name(n) }),
    policies: () => api.call<Items<Policy>>('listEscalationPolicies'),
    savePolicy: (n: string, body: PolicyInput) =>
      api.call<Policy>('saveEscalationPolicy', { path: name(n), body }),
    deletePolicy: (n: string) => api.call<void>('deleteEscalationPolicy', { path: name(n) }),
    maintenance: (all: boolean) =>
      api.call<Items<MaintenanceWindow>>('listMaintenance', { query: { all: all ? 'true' : undefined } }),
    startMaintenance: (body: MaintenanceInput) => api.call<MaintenanceWindow>('startMaintenance', { body }),
    endMaintenance: (id: string) => api.call<{ ended: string[] }>('endMaintenance', { path: { id } }),
    /** Revokes a password session on the server; an API token stays valid (ended: false). */
    endSession: () => api.call<{ ended: boolean }>('endSession'),
  };
}
