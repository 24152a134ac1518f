import { useState } from 'react';
import { ApiError } from '../api/client.js';
import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES, type Incident } from '../api/types-respond.js';
import { ErrorMessage } from '../components/error-message.js';
import { fmtDuration, IncidentSeverity, IncidentStatus } from '../components/incident-badges.js';
import { Loaded } from '../components/loaded.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import type { PageProps } from '../routes.js';
import { Link } from '../router.js';
import { IncidentContext } from './incident-context.js';
import { IncidentEdit } from './incident-edit.js';
import { IncidentImpact } from './incident-impact.js';
import { IncidentRoles } from './incident-roles.js';
import { IncidentRootCause } from './incident-root-cause.js';
import { IncidentTimeline } from './incident-timeline.js';
import { UpdateComposer } from './incident-update.js';

function StatusControls({ incident, onChange }: { incident: Incident; onChange(i: Incident): void }) {
  const api = useApi();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<Incident>) => {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await fn());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const r = respondApi(api);
  return (
    <div className="inline-form-row">
      <label>
        Status{' '}
        <select
          value={incident.status}
          disabled={busy}
          onChange={(e) => run(() => r.updateIncident(incident.id, { status: e.target.value }))}
        >
          {INCIDENT_STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Severity{' '}
        <select
          value={incident.severity}
          disabled={busy}
          onChange={(e) => run(() => r.updateIncident(incident.id, { severity: e.target.value }))}
        >
          {INCIDENT_SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      {incident.open && (
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => run(() => r.resolveIncident(incident.id))}
        >
          Resolve incident
        </button>
      )}
      {error !== undefined && <ErrorMessage error={error} title="The change was refused" />}
    </div>
  );
}

function Facts({ incident }: { incident: Incident }) {
  const t = incident.times;
  const d = incident.durations;
  return (
    <dl className="kv">
      <dt>Type</dt>
      <dd>{incident.type}</dd>
      <dt>Declared by</dt>
      <dd>
        {incident.declaredBy} <span className="muted">via {incident.declaredVia}</span>
      </dd>
      <dt>Started</dt>
      <dd>
        <Time iso={t.startedAt} />
      </dd>
      <dt>Detected</dt>
      <dd>
        <Time iso={t.detectedAt} /> <span className="muted">({fmtDuration(d.timeToDetect)} after start)</span>
      </dd>
      <dt>Acknowledged</dt>
      <dd>
        <Time iso={t.acknowledgedAt} empty="not yet" />
      </dd>
      <dt>Mitigated</dt>
      <dd>
        <Time iso={t.mitigatedAt} empty="not yet" />
      </dd>
      <dt>Resolved</dt>
      <dd>
        <Time iso={t.resolvedAt} empty="not yet" />
        {d.timeToResolve !== null && (
          <span className="muted"> ({fmtDuration(d.timeToResolve)} after detection)</span>
        )}
      </dd>
      <dt>Assets</dt>
      <dd>
        {incident.affectedAssets.length === 0
          ? '—'
          : incident.affectedAssets.map((a, i) => (
              <span key={a}>
                {i > 0 && ', '}
                <Link to={`/catalog/${encodeURIComponent(a)}`}>{a}</Link>
              </span>
            ))}
      </dd>
    </dl>
  );
}

/** One incident: status and severity, roles, the timeline, updates, alerts and blast radius. */
export default function IncidentDetailPage({ params }: PageProps) {
  const api = useApi();
  const id = params.id ?? '';
  const load = useLoad(() => respondApi(api).getIncident(id), [api, id]);
  const [current, setCurrent] = useState<Incident | null>(null);
  const [tick, setTick] = useState(0);
  const incident = current?.id === id ? current : load.data;
  const changed = (i: Incident) => {
    setCurrent(i);
    setTick((t) => t + 1);
  };

  if (load.error instanceof ApiError && load.error.status === 404) {
    return (
      <div className="page">
        <h1>Incident not found</h1>
        <p>
          {load.error.message}. Go back to the <Link to="/incidents?status=all">incident list</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="page">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <Link to="/incidents">Incidents</Link> /
      </nav>
      <Loaded load={{ ...load, data: incident }} what="the incident">
        {(inc) => (
          <>
            <header className="page-head">
              <h1>
                <IncidentSeverity severity={inc.severity} /> {inc.title}
              </h1>
              <span>
                <IncidentStatus status={inc.status} />{' '}
                <Link className="btn" to={`/incidents/${encodeURIComponent(inc.id)}/postmortem`}>
                  Postmortem
                </Link>
              </span>
            </header>
            <IncidentEdit key={inc.updatedAt} incident={inc} onChange={changed} />
            <StatusControls incident={inc} onChange={changed} />
            <IncidentRootCause incident={inc} />
            <div className="two-col">
              <section className="card">
                <h2>Facts</h2>
                <Facts incident={inc} />
              </section>
              <IncidentRoles incident={inc} onChange={changed} />
            </div>
            <IncidentImpact incidentId={inc.id} onSaved={() => setTick((t) => t + 1)} />
            <UpdateComposer incident={inc} onPosted={() => setTick((t) => t + 1)} />
            <IncidentTimeline incidentId={inc.id} refresh={tick} />
            <IncidentContext incident={inc} />
          </>
        )}
      </Loaded>
    </div>
  );
}
