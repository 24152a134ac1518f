import { type FormEvent, useState } from 'react';
import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import { INCIDENT_STATUSES, type Incident, type IncidentStatus } from '../api/types-respond.js';
import { ErrorMessage } from '../components/error-message.js';
import { useLoad } from '../components/use-load.js';

/**
 * The stakeholder update: status, impact in plain words and when the next update comes. It goes
 * to the chosen channels (all of them when none is ticked) and onto the timeline.
 */
export function UpdateComposer({ incident, onPosted }: { incident: Incident; onPosted(): void }) {
  const api = useApi();
  const channels = useLoad(() => api.listChannels().catch(() => ({ items: [] })), [api]);
  const [status, setStatus] = useState<IncidentStatus>(
    (INCIDENT_STATUSES as readonly string[]).includes(incident.status)
      ? (incident.status as IncidentStatus)
      : 'investigating',
  );
  const [impact, setImpact] = useState('');
  const [next, setNext] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setSent(null);
    try {
      const res = await respondApi(api).postUpdate(incident.id, {
        status,
        impact: impact.trim(),
        ...(next ? { nextUpdateAt: new Date(next).toISOString() } : {}),
        ...(chosen.length ? { channels: chosen } : {}),
      });
      setSent(
        res.channels.length
          ? `Update posted and queued for ${res.channels.join(', ')}.`
          : 'Update posted to the timeline (no channel is set up to receive it).',
      );
      setImpact('');
      onPosted();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (name: string) =>
    setChosen((c) => (c.includes(name) ? c.filter((x) => x !== name) : [...c, name]));

  return (
    <form className="card" onSubmit={submit} aria-labelledby="update-h">
      <h2 id="update-h">Stakeholder update</h2>
      <div className="form-grid">
        <label className="field">
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as IncidentStatus)}>
            {INCIDENT_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Next update at</span>
          <input type="datetime-local" value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
      </div>
      <label className="field">
        <span>Impact and what happens next</span>
        <textarea
          rows={3}
          value={impact}
          onChange={(e) => setImpact(e.target.value)}
          placeholder="Who is affected, what they see, what we are doing"
          required
        />
      </label>
      {(channels.data?.items.length ?? 0) > 0 && (
        <fieldset className="channel-pick">
          <legend>Channels (none ticked: all)</legend>
          {channels.data?.items.map((c) => (
            <label key={c.id}>
              <input type="checkbox" checked={chosen.includes(c.name)} onChange={() => toggle(c.name)} />{' '}
              {c.name} <span className="muted">{c.kind}</span>
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy || !impact.trim()}>
        {busy ? 'Posting…' : 'Post update'}
      </button>
      {sent && (
        <p role="status" className="notice">
          {sent}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} title="The update was not posted" />}
    </form>
  );
}
