/** Postmortems, action items, blast radius and what changed, as src/server/routes answer them. */
export const POSTMORTEM_STATUSES = ['draft', 'in_review', 'published'] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];
export const ACTION_ITEM_KINDS = ['prevent', 'detect', 'mitigate'] as const;
export type ActionItemKind = (typeof ACTION_ITEM_KINDS)[number];
export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export interface PostmortemSection {
  key: string;
  heading: string;
  /** Markdown. */
  body: string;
  generator: string;
}

export interface ActionItem {
  id: string;
  incidentId: string;
  kind: ActionItemKind;
  title: string;
  owner: string | null;
  dueOn: string | null;
  status: ActionItemStatus;
  dropReason: string | null;
  monitorId: string | null;
  ticketUrl: string | null;
  overdue: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface Postmortem {
  incidentId: string;
  title: string;
  status: PostmortemStatus;
  version: number;
  sections: PostmortemSection[];
  actionItems: ActionItem[];
  complete: boolean;
  readyToComplete: boolean;
  draftedBy: string;
  draftedAt: string;
  updatedAt: string;
  publishedAt: string | null;
  completedAt: string | null;
  completedBy: string | null;
}

export interface BlastAsset {
  name: string;
  depth: number;
  path: string[];
  type: string | null;
  owner: string | null;
  domain: string | null;
}

export interface BlastRadius {
  incidentId: string;
  affected: BlastAsset[];
  downstream: BlastAsset[];
  dashboards: BlastAsset[];
  owners: string[];
  lineageKnown: boolean;
}

export interface WhatChanged {
  incidentId: string;
  start: string;
  from: string;
  to: string;
  assetsConsidered: number;
  lineageKnown: boolean;
  items: Array<{
    kind: string;
    asset: string;
    at: string;
    distance: number;
    detail: string;
    magnitude?: number;
    score: number;
    reason: string;
  }>;
}

export interface Runbook {
  source: string;
  format: 'link' | 'markdown';
  content: string;
}
