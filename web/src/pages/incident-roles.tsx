import { type FormEvent, useState } from 'react';
import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import type { Incident, IncidentRole } from '../api/types-respond.js';
import { ErrorMessage } from '../components/error-message.js';

const ROLE_LABELS: Array<[IncidentRole, string, 'commander' | 'communicationsLead' | 'scribe']> = [
  ['commander', 'Commander', 'commander'],
  ['communications_lead', 'Communications lead', 'communicationsLead'],
  ['scribe', 'Scribe', 'scribe'],
];

/** Who does what: one commander, communications lead and scribe, and any number of responders. */
export function IncidentRoles({ incident, onChange }: { incident: Incident; onChange(i: Incident): void }) {
  const api = useApi();
  const [role, setRole] = useState<IncidentRole>('commander');
  const [person, setPerson] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const call = async (body: { role: IncidentRole; person: string | null; remove?: boolean }) => {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await respondApi(api).assignRole(incident.id, body));
      setPerson('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (person.trim()) void call({ role, person: person.trim() });
  };

  return (
    <section className="card" aria-labelledby="roles-h">
      <h2 id="roles-h">Roles</h2>
      <dl className="kv">
        {ROLE_LABELS.map(([, label, key]) => (
          <div key={key} className="fact-row">
            <dt>{label}</dt>
            <dd>{incident.roles[key] ?? <span className="muted">unassigned</span>}</dd>
          </div>
        ))}
        <div className="fact-row">
          <dt>Responders</dt>
          <dd>
            {incident.roles.responders.length === 0 && <span className="muted">none yet</span>}
            {incident.roles.responders.map((r) => (
              <span key={r} className="chip">
                {r}{' '}
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove responder ${r}`}
                  disabled={busy}
                  onClick={() => call({ role: 'responder', person: r, remove: true })}
                >
                  ×
                </button>
              </span>
            ))}
          </dd>
        </div>
      </dl>
      <form className="inline-form-row" onSubmit={submit} aria-label="Assign a role">
        <label>
          Role{' '}
          <select value={role} onChange={(e) => setRole(e.target.value as IncidentRole)}>
            {ROLE_LABELS.map(([r, label]) => (
              <option key={r} value={r}>
                {label}
              </option>
            ))}
            <option value="responder">Responder (add)</option>
          </select>
        </label>
        <label>
          Person <input value={person} onChange={(e) => setPerson(e.target.value)} placeholder="name" />
        </label>
        <button type="submit" className="btn" disabled={busy || !person.trim()}>
          Assign
        </button>
      </form>
      {error !== undefined && <ErrorMessage error={error} title="Could not change the role" />}
    </section>
  );
}
