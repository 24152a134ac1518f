import type { VigilApi } from './client.js';

export const BACKFILL_STATUSES = ['unknown', 'not_needed', 'pending', 'running', 'done'] as const;
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number];

/** What an incident did to the data, as /api/v1/incidents/{id}/impact answers it. */
export interface DataImpact {
  badDataFrom: string | null;
  badDataTo: string | null;
  rowsAffected: number | null;
  partitions: string[];
  consumers: string[];
  backfillStatus: BackfillStatus;
  updatedAt: string | null;
  updatedBy: string | null;
  /** Ends of the window taken from the incident's own times because nobody recorded them. */
  estimated?: { badDataFrom: boolean; badDataTo: boolean };
}

export type DataImpactInput = Partial<Omit<DataImpact, 'updatedAt' | 'updatedBy' | 'estimated'>>;

export function impactApi(api: VigilApi) {
  return {
    get: (id: string) => api.call<DataImpact>('incidentImpact', { path: { id } }),
    save: (id: string, body: DataImpactInput) =>
      api.call<DataImpact>('recordIncidentImpact', { path: { id }, body }),
  };
}
