import { type FormEvent, useState } from 'react';
import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import {
  INCIDENT_SEVERITIES,
  INCIDENT_TYPES,
  type Incident,
  type IncidentSeverity,
  type IncidentType,
} from '../api/types-respond.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';

/** Declaring by hand: a title and a severity are enough; the rest can follow on the incident. */
export function DeclareForm({
  onCancel,
  onDeclared,
}: {
  onCancel(): void;
  onDeclared(incident: Incident): void;
}) {
  const api = useApi();
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<IncidentSeverity>('SEV3');
  const [type, setType] = useState<IncidentType>('other');
  const [summary, setSummary] = useState('');
  const [assets, setAssets] = useState('');
  const [commander, setCommander] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const affected = assets
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter(Boolean);
      onDeclared(
        await respondApi(api).declareIncident({
          title,
          severity,
          type,
          ...(summary.trim() ? { summary } : {}),
          ...(affected.length ? { affectedAssets: affected } : {}),
          ...(commander.trim() ? { commander: commander.trim() } : {}),
        }),
      );
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <form className="card form-grid" onSubmit={submit} aria-label="Declare an incident">
      <h2>Declare an incident</h2>
      <Field label="Title">
        {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} required />}
      </Field>
      <Field label="Severity" hint="SEV1: many people or money hit now; SEV4: minor, no one waits on it.">
        {(p) => (
          <select {...p} value={severity} onChange={(e) => setSeverity(e.target.value as IncidentSeverity)}>
            {INCIDENT_SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Type">
        {(p) => (
          <select {...p} value={type} onChange={(e) => setType(e.target.value as IncidentType)}>
            {INCIDENT_TYPES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Commander" hint="Who leads the response; you can assign later.">
        {(p) => <input {...p} value={commander} onChange={(e) => setCommander(e.target.value)} />}
      </Field>
      <Field label="Affected assets" hint="Full asset names, separated by commas.">
        {(p) => <input {...p} value={assets} onChange={(e) => setAssets(e.target.value)} />}
      </Field>
      <Field label="Summary">
        {(p) => <textarea {...p} rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />}
      </Field>
      {error !== undefined && <ErrorMessage error={error} title="Could not declare the incident" />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Declaring…' : 'Declare'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
