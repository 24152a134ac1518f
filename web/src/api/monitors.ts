import type { VigilApi } from './client.js';
import type { CheckResult, MonitorKind, Schedule } from './types.js';

/** What the create and edit forms send to preview: the spec as it stands, unsaved. */
export interface MonitorPreviewInput {
  kind: MonitorKind;
  source: string;
  asset: string;
  config: Record<string, unknown>;
  schedule?: Schedule;
  name?: string;
  /** The saved monitor being edited: its learned history judges the value. */
  monitor?: string;
}

/** A check result that was never stored: no id, no monitor yet. */
export type MonitorPreview = Omit<CheckResult, 'id' | 'monitorId'> & { usedHistory: boolean };

/** /api/v1/assets/{name}/usage */
export interface AssetUsage {
  asset: string;
  warehouse: {
    available: boolean;
    reason: string | null;
    reads: number | null;
    writes: number | null;
    collectedAt: string | null;
  };
  vigil: { days: number; checks: number; monitors: number };
  /** One entry per UTC day of the window, oldest first; reads are null when no reading bounds the day. */
  byDay: Array<{ day: string; reads: number | null; writes: number | null; checks: number }>;
}

/** /api/v1/usage/top */
export interface MostUsed {
  warehouse: { available: boolean; reason: string | null };
  items: Array<{ asset: string; warehouseReads: number; warehouseWrites: number; vigilChecks: number }>;
}

/** Monitor preview and asset usage calls, kept apart from client.ts. */
export function monitorApi(api: VigilApi) {
  return {
    preview: (body: MonitorPreviewInput) => api.call<MonitorPreview>('previewMonitor', { body }),
    assetUsage: (name: string, days = 30) =>
      api.call<AssetUsage>('assetUsage', { path: { name }, query: { days } }),
    mostUsed: (limit = 10, days = 30) => api.call<MostUsed>('usageTop', { query: { limit, days } }),
  };
}
