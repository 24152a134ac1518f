import { type FormEvent, useState } from 'react';
import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import type { IncidentEvent } from '../api/types-respond.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loaded } from '../components/loaded.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';

const KIND_LABELS: Record<string, string> = {
  declared: 'declared',
  status: 'status',
  role_assigned: 'role',
  note: 'note',
  update: 'update',
  alert_linked: 'alert',
  gate: 'gate',
  field_changed: 'edit',
  impact_changed: 'impact',
};

/** A changed title, summary or type reads with its new text; the API message only names the field. */
function messageOf(e: IncidentEvent): string {
  const to = e.kind === 'field_changed' ? e.data?.to : undefined;
  if (typeof to !== 'string') return e.message;
  return `${e.message}: ${to.length > 200 ? `${to.slice(0, 200)}…` : to || '(empty)'}`;
}

function Event({ e, onPin }: { e: IncidentEvent; onPin(e: IncidentEvent): void }) {
  return (
    <li className={`tl-event tl-${e.kind}${e.pinned ? ' tl-pinned' : ''}`}>
      <span className="tl-time">
        <Time iso={e.at} short />
      </span>
      <span className={`badge tl-kind`}>{KIND_LABELS[e.kind] ?? e.kind}</span>
      <span className="tl-body">
        <span className="tl-message">{messageOf(e)}</span> <span className="muted small">— {e.actor}</span>
      </span>
      <button
        type="button"
        className="btn btn-small btn-quiet"
        aria-pressed={e.pinned}
        aria-label={`${e.pinned ? 'Unpin' : 'Pin'}: ${e.message.slice(0, 60)}`}
        onClick={() => onPin(e)}
      >
        {e.pinned ? '★ Pinned' : '☆ Pin'}
      </button>
    </li>
  );
}

/** The timeline, oldest first, with a note box; pinned events are the ones the postmortem keeps. */
export function IncidentTimeline({ incidentId, refresh }: { incidentId: string; refresh: number }) {
  const api = useApi();
  const load = useLoad(() => respondApi(api).timeline(incidentId), [api, incidentId, refresh]);
  const [note, setNote] = useState('');
  const [pinNote, setPinNote] = useState(false);
  const [onlyPinned, setOnlyPinned] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      load.reload();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const addNote = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return;
    if (await act(() => respondApi(api).addNote(incidentId, { text: note.trim(), pinned: pinNote }))) {
      setNote('');
      setPinNote(false);
    }
  };

  return (
    <section className="card" aria-labelledby="timeline-h">
      <div className="section-head">
        <h2 id="timeline-h">Timeline</h2>
        <label>
          <input type="checkbox" checked={onlyPinned} onChange={(e) => setOnlyPinned(e.target.checked)} />{' '}
          Pinned only
        </label>
      </div>
      <Loaded load={load} what="the timeline">
        {({ items }) => {
          const shown = onlyPinned ? items.filter((e) => e.pinned) : items;
          return shown.length === 0 ? (
            <p className="muted">
              {onlyPinned ? 'Nothing pinned yet: pin the events that tell the story.' : 'No events yet.'}
            </p>
          ) : (
            <ol className="timeline">
              {shown.map((e) => (
                <Event
                  key={e.id}
                  e={e}
                  onPin={(ev) => void act(() => respondApi(api).pin(incidentId, ev.id, !ev.pinned))}
                />
              ))}
            </ol>
          );
        }}
      </Loaded>
      <form onSubmit={addNote} className="note-form" aria-label="Add a note">
        <label className="field">
          <span>Note</span>
          <textarea
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="What you tried, what you saw, what you decided"
          />
        </label>
        <div className="inline-form-row">
          <label>
            <input type="checkbox" checked={pinNote} onChange={(e) => setPinNote(e.target.checked)} /> Pin it
          </label>
          <button type="submit" className="btn" disabled={busy || !note.trim()}>
            Add note
          </button>
        </div>
      </form>
      {error !== undefined && <ErrorMessage error={error} title="The timeline was not changed" />}
    </section>
  );
}
