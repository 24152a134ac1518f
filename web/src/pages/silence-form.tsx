import { type FormEvent, useState } from 'react';
import { useApi } from '../api/session.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import { matchesAllTexts } from '../components/matchers.js';

export const DURATIONS = [
  { label: '30 minutes', ms: 30 * 60_000 },
  { label: '1 hour', ms: 3_600_000 },
  { label: '2 hours', ms: 2 * 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 },
  { label: '8 hours', ms: 8 * 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
  { label: '3 days', ms: 3 * 86_400_000 },
  { label: '1 week', ms: 7 * 86_400_000 },
] as const;

/**
 * A new silence: matchers in Alertmanager syntax (one per line, all must match), how long, and
 * why. New notifications of matching alerts are held; resolutions still go out.
 */
export function SilenceForm({
  initialMatchers = [],
  withStart = false,
  onCreated,
  onCancel,
}: {
  initialMatchers?: string[];
  /** Offer a later start (a planned maintenance); otherwise the silence starts now. */
  withStart?: boolean;
  onCreated: (created: { id: string; endsAt: string; matchers: string[] }) => void;
  onCancel?: () => void;
}) {
  const api = useApi();
  const [matchers, setMatchers] = useState(initialMatchers.join('\n'));
  const [duration, setDuration] = useState<number>(DURATIONS[1].ms);
  const [start, setStart] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const list = matchers
        .split('\n')
        .map((m) => m.trim())
        .filter(Boolean);
      if (list.length === 0) throw new Error('Add at least one matcher, e.g. monitor="orders volume"');
      // The server's rule, said before sending: a silence matching an alert with no labels
      // (alertname=~".*") would hold back every alert.
      if (matchesAllTexts(list, {}))
        throw new Error(
          'At least one matcher must not match the empty string: this silence would hold back every alert',
        );
      const startsAt = start ? new Date(start) : new Date();
      const endsAt = new Date(startsAt.getTime() + duration).toISOString();
      const { id } = await api.createSilence({
        matchers: list,
        ...(start ? { startsAt: startsAt.toISOString() } : {}),
        endsAt,
        comment: comment.trim(),
      });
      onCreated({ id, endsAt, matchers: list });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form silence-form" onSubmit={submit} aria-label="New silence">
      <h2>New silence</h2>
      <div className="form-grid">
        <Field
          label="Matchers"
          hint='one per line, all must match; e.g. monitor="orders volume", severity=~"page|ticket"'
        >
          {(p) => (
            <textarea
              {...p}
              name="matchers"
              className="mono"
              rows={Math.max(2, initialMatchers.length + 1)}
              value={matchers}
              onChange={(e) => setMatchers(e.target.value)}
              required
            />
          )}
        </Field>
        <Field label="Duration">
          {(p) => (
            <select
              {...p}
              name="duration"
              value={duration}
              onChange={(e) => setDuration(Number(e.target.value))}
            >
              {DURATIONS.map((d) => (
                <option key={d.ms} value={d.ms}>
                  {d.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {withStart && (
          <Field label="Starts" hint="optional; now when empty, your time">
            {(p) => (
              <input
                {...p}
                type="datetime-local"
                name="start"
                value={start}
                onChange={(e) => setStart(e.target.value)}
              />
            )}
          </Field>
        )}
        <Field label="Comment" hint="why, for whoever sees the silence later">
          {(p) => (
            <input
              {...p}
              name="comment"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              required
              maxLength={2000}
            />
          )}
        </Field>
      </div>
      {error !== undefined && <ErrorMessage error={error} title="The silence was not created" />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Silencing…' : 'Create silence'}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
