import type { VigilApi } from './client.js';
import type {
  ActionItem,
  ActionItemKind,
  ActionItemStatus,
  BlastRadius,
  Postmortem,
  PostmortemStatus,
  Runbook,
  WhatChanged,
} from './types-postmortem.js';
import type { Items } from './types.js';

/** Typed calls for postmortems, action items, blast radius, what changed and runbooks. */
export function postmortemApi(api: VigilApi) {
  const id = (v: string) => ({ id: v });
  return {
    get: (incident: string) => api.call<Postmortem>('getPostmortem', { path: id(incident) }),
    draft: (incident: string) => api.call<Postmortem>('draftPostmortem', { path: id(incident), body: {} }),
    edit: (
      incident: string,
      body: {
        version?: number;
        title?: string;
        sections?: { key: string; body?: string }[];
        status?: PostmortemStatus;
      },
    ) => api.call<Postmortem>('editPostmortem', { path: id(incident), body }),
    actionItems: (incident: string) => api.call<Items<ActionItem>>('listActionItems', { path: id(incident) }),
    addItem: (
      incident: string,
      body: { kind: ActionItemKind; title: string; owner?: string; dueOn?: string },
    ) => api.call<ActionItem>('createActionItem', { path: id(incident), body }),
    updateItem: (itemId: string, body: { status?: ActionItemStatus; dropReason?: string | null }) =>
      api.call<ActionItem>('updateActionItem', { path: { itemId }, body }),
    blastRadius: (incident: string) => api.call<BlastRadius>('incidentBlastRadius', { path: id(incident) }),
    whatChanged: (incident: string) => api.call<WhatChanged>('incidentWhatChanged', { path: id(incident) }),
    assetRunbook: (name: string) => api.call<{ runbook: Runbook | null }>('assetRunbook', { path: { name } }),
  };
}
