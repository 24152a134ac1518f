import type { VigilApi } from './client.js';
import type {
  Asset,
  AssetDetail,
  AssetHealth,
  DeclareInput,
  Incident,
  IncidentEvent,
  IncidentRole,
  IncidentSeverity,
  LineageAnswer,
  LineageNode,
  LoginAnswer,
  PipelineHeatmap,
  PipelineJob,
  PipelineRun,
  StakeholderUpdate,
  User,
} from './types-respond.js';
import type { Items, Role } from './types.js';

type Q = Record<string, string | number | undefined>;

/**
 * Typed calls for incidents, the catalog, lineage, pipeline runs and users, over the same client
 * (one method per endpoint in paths.ts), kept apart so client.ts stays one screen long.
 */
export function respondApi(api: VigilApi) {
  const id = (v: string) => ({ id: v });
  return {
    listIncidents: (query: {
      status?: string;
      severity?: string;
      open?: string;
      asset?: string;
      limit?: number;
    }) => api.call<Items<Incident>>('listIncidents', { query: query as Q }),
    declareIncident: (body: DeclareInput) => api.call<Incident>('declareIncident', { body }),
    getIncident: (v: string) => api.call<Incident>('getIncident', { path: id(v) }),
    updateIncident: (v: string, body: Record<string, unknown>) =>
      api.call<Incident>('updateIncident', { path: id(v), body }),
    resolveIncident: (v: string, body: { summary?: string } = {}) =>
      api.call<Incident>('resolveIncident', { path: id(v), body }),
    assignRole: (v: string, body: { role: IncidentRole; person: string | null; remove?: boolean }) =>
      api.call<Incident>('assignIncidentRole', { path: id(v), body }),
    timeline: (v: string) => api.call<Items<IncidentEvent>>('incidentTimeline', { path: id(v) }),
    addNote: (v: string, body: { text: string; pinned?: boolean }) =>
      api.call<IncidentEvent>('addIncidentNote', { path: id(v), body }),
    pin: (v: string, eventId: number, pinned: boolean) =>
      api.call<IncidentEvent>('pinIncidentEvent', {
        path: { id: v, eventId: String(eventId) },
        body: { pinned },
      }),
    postUpdate: (v: string, body: StakeholderUpdate) =>
      api.call<{ eventId: number; channels: string[] }>('postIncidentUpdate', { path: id(v), body }),
    declareFromAlert: (alertId: string, body: { incidentId?: string; severity?: IncidentSeverity } = {}) =>
      api.call<{ incident: Incident; created: boolean }>('declareFromAlert', { path: id(alertId), body }),

    listAssets: (query: { q?: string; type?: string; owner?: string; tag?: string; limit?: number }) =>
      api.call<Items<Asset>>('listAssets', { query: query as Q }),
    getAsset: (name: string) => api.call<AssetDetail>('getAsset', { path: { name } }),
    assetImpact: (name: string) =>
      api.call<{ asset: string; assets: LineageNode[]; owners: string[] }>('assetImpact', { path: { name } }),
    assetHealth: (name: string) => api.call<AssetHealth>('assetHealth', { path: { name } }),
    lineage: (name: string, direction: 'upstream' | 'downstream', depth = 3) =>
      api.call<LineageAnswer>('lineage', { path: { name }, query: { direction, depth } }),

    pipelineJobs: (days = 28) =>
      api.call<Items<PipelineJob> & { from: string; to: string }>('pipelineJobs', { query: { days } }),
    pipelineJobRuns: (name: string, limit = 200) =>
      api.call<Items<PipelineRun>>('pipelineJobRuns', { path: { name }, query: { limit } }),
    pipelineHeatmap: (query: { days?: number; tz: string; job?: string }) =>
      api.call<PipelineHeatmap>('pipelineHeatmap', { query: query as Q }),

    listUsers: () => api.call<Items<User>>('listUsers'),
    createUser: (body: { name: string; password: string; role: Role }) =>
      api.call<User>('createUser', { body }),
    updateUser: (v: string, body: { role?: Role; password?: string; disabled?: boolean }) =>
      api.call<User>('updateUser', { path: id(v), body }),
  };
}

export type RespondApi = ReturnType<typeof respondApi>;

/** Password sign-in: answers a session token carrying the user's role. */
export async function loginWithPassword(api: VigilApi, name: string, password: string): Promise<LoginAnswer> {
  return api.call<LoginAnswer>('login', { body: { name, password } });
}
