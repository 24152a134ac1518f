import type { ColumnType, Selectable } from 'kysely';

/** The postmortem tables (migration 0007-postmortems), added to the store's Database type. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** One Markdown section of a postmortem, in the order the template gave. */
export interface PostmortemSection {
  key: string;
  heading: string;
  body: string;
  /** What drafted it (see SECTION_GENERATORS); the action-items table follows `action_items`. */
  generator: string;
}

export interface PostmortemsTable {
  incident_id: string;
  title: string;
  status: string;
  sections: Json<PostmortemSection[]>;
  version: number;
  drafted_by: string;
  drafted_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  completed_at: Timestamp | null;
  completed_by: string | null;
}

export interface ActionItemsTable {
  id: string;
  incident_id: string;
  kind: string;
  title: string;
  owner: string | null;
  /** YYYY-MM-DD */
  due_on: string | null;
  status: string;
  drop_reason: string | null;
  monitor_id: string | null;
  ticket_url: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

declare module './schema.js' {
  interface Database {
    postmortems: PostmortemsTable;
    action_items: ActionItemsTable;
  }
}

export type PostmortemRow = Selectable<PostmortemsTable>;
export type ActionItemRow = Selectable<ActionItemsTable>;
