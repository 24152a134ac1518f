import { type Kysely, sql } from 'kysely';

// A landed migration is never edited: later changes go in a new file.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One postmortem per incident: its Markdown sections as drafted from the template, then edited.
  await db.schema
    .createTable('postmortems')
    .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // draft | in_review | published
    .addColumn('sections', 'jsonb', (c) => c.notNull()) // [{ key, heading, body }]
    // Bumped on every change, so an editor holding an old copy is told instead of overwriting.
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('drafted_by', 'text', (c) => c.notNull())
    .addColumn('drafted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('completed_by', 'text')
    .execute();

  await db.schema
    .createTable('action_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // prevent | detect | mitigate
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    // A calendar day (YYYY-MM-DD) as text: no driver turns it into a local-time Date.
    .addColumn('due_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // open | in_progress | done | dropped
    .addColumn('drop_reason', 'text')
    .addColumn('monitor_id', 'text')
    .addColumn('ticket_url', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('action_items_incident').on('action_items').column('incident_id').execute();
  await db.schema.createIndex('action_items_due').on('action_items').columns(['status', 'due_on']).execute();

  // Read-only views for BI tools (Superset, Grafana, Tableau): stable names and plain columns,
  // so a dashboard survives changes to the tables behind them. docs/postmortems.md lists them.
  // Table names stay unqualified: they resolve through the store's search_path, wherever it puts
  // Vigil's tables, and `reporting` itself is never on that path.
  await sql`CREATE SCHEMA IF NOT EXISTS reporting`.execute(db);
  await sql`
    CREATE VIEW reporting.incidents AS
    SELECT id, title, severity, status, type, declared_via, declared_by, commander,
      status IN ('triage', 'investigating', 'identified', 'monitoring') AS is_open,
      started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, closed_at,
      EXTRACT(EPOCH FROM detected_at - started_at)::bigint AS seconds_to_detect,
      EXTRACT(EPOCH FROM acknowledged_at - detected_at)::bigint AS seconds_to_acknowledge,
      EXTRACT(EPOCH FROM mitigated_at - detected_at)::bigint AS seconds_to_mitigate,
      EXTRACT(EPOCH FROM resolved_at - detected_at)::bigint AS seconds_to_resolve,
      EXTRACT(EPOCH FROM resolved_at - started_at)::bigint AS downtime_seconds
    FROM incidents`.execute(db);
  await sql`
    CREATE VIEW reporting.incident_assets AS
    SELECT i.id AS incident_id, a.asset, c.owner, c.domain
    FROM incidents i
    CROSS JOIN LATERAL jsonb_array_elements_text(i.affected_assets) AS a(asset)
    LEFT JOIN assets c ON c.name = a.asset AND c.deleted_at IS NULL`.execute(db);
  await sql`
    CREATE VIEW reporting.checks AS
    SELECT r.id, r.monitor_id, m.name AS monitor_name, m.kind AS monitor_kind, m.asset, m.owner,
      r.at, r.status, r.observed, r.expected_lower, r.expected_upper, r.score, r.duration_ms
    FROM check_results r
    LEFT JOIN monitors m ON m.id = r.monitor_id`.execute(db);
  await sql`
    CREATE VIEW reporting.alerts AS
    SELECT id, origin, monitor_id, status, severity, title, labels->>'asset' AS asset,
      labels->>'owner' AS owner, started_at, acknowledged_at, resolved_at, event_count,
      EXTRACT(EPOCH FROM resolved_at - started_at)::bigint AS seconds_firing
    FROM alerts`.execute(db);
  await sql`
    CREATE VIEW reporting.action_items AS
    SELECT id, incident_id, kind, title, owner, due_on::date AS due_on, status, drop_reason,
      monitor_id, ticket_url, created_at, closed_at,
      status IN ('open', 'in_progress') AND due_on::date < current_date AS is_overdue
    FROM action_items`.execute(db);
  await sql`
    CREATE VIEW reporting.postmortems AS
    SELECT incident_id, title, status, drafted_at, published_at, completed_at
    FROM postmortems`.execute(db);
}
