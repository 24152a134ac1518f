import { ApiError, type VigilApi } from './client.js';
import type { Items } from './types.js';

/** SLOs as /api/v1/slos answers them (only the fields the UI reads). */
export interface Slo {
  id: string;
  name: string;
  displayName?: string;
  description: string;
  service: string;
  owner: string | null;
  objective: { target: number };
  timeWindow: unknown;
  lastEvaluation: {
    at: string;
    status: string;
    sli: number | null;
    budgetLeft: number | null;
    burnRates: Record<string, number | null>;
    firing: 'page' | 'ticket' | null;
  } | null;
}

export interface SloStatus {
  name: string;
  status: string;
  evaluatedAt: string;
  periodStart: string;
  periodEnd: string;
  sli: number | null;
  target: number;
  budgetLeft: number | null;
  good: number;
  total: number;
  events: number;
  windows: Array<{ window: string; errorRatio: number | null; burnRate: number | null; events: number }>;
  rules: Array<{
    severity: 'page' | 'ticket';
    longWindow: string;
    shortWindow: string;
    factor: number;
    longBurn: number | null;
    shortBurn: number | null;
    firing: boolean;
  }>;
  firing: 'page' | 'ticket' | null;
  timeToExhaustionSeconds: number | null;
  warnings: string[];
}

export interface SloHistory {
  name: string;
  target: number;
  points: Array<{ at: string; sli: number | null; budgetLeft: number | null }>;
}

export interface SloEvent {
  at: string;
  kind: string;
  message: string;
}

/** The SLO calls; `list` answers null when this server has no SLO routes yet. */
export function sloApi(api: VigilApi) {
  const name = (n: string) => ({ name: n });
  return {
    list: async (): Promise<Slo[] | null> => {
      try {
        return (await api.call<Items<Slo>>('listSlos')).items;
      } catch (e) {
        if (e instanceof ApiError && e.noRoute) return null;
        throw e;
      }
    },
    /** The body is the SLO as POST /api/v1/slos takes it (OpenSLO-shaped; see docs/slos.md). */
    create: (body: Record<string, unknown>) => api.call<Slo>('createSlo', { body }),
    status: (n: string) => api.call<SloStatus>('sloStatus', { path: name(n) }),
    history: (n: string) => api.call<SloHistory>('sloHistory', { path: name(n), query: { points: 120 } }),
    events: (n: string) => api.call<Items<SloEvent>>('sloEvents', { path: name(n) }),
  };
}
