import { type FormEvent, useState } from 'react';
import { useApi } from '../api/session.js';
import { type Rotation, type Schedule, settingsApi } from '../api/settings.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import { fieldErrors, invalid } from '../components/field-errors.js';

const LENGTHS = ['12h', '1d', '1w', '2w'];
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const today = () => new Date().toISOString().slice(0, 10);
const people = (s: string) =>
  s
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter(Boolean);

interface RotationDraft extends Omit<Rotation, 'participants'> {
  participants: string;
}
const blankRotation = (n: number): RotationDraft => ({
  name: n === 0 ? 'primary' : `rotation ${n + 1}`,
  participants: '',
  start: today(),
  handoffTime: '09:00',
  length: '1w',
});

function RotationFields({
  r,
  i,
  errs,
  set,
  onRemove,
}: {
  r: RotationDraft;
  i: number;
  errs: Record<string, string>;
  set(patch: Partial<RotationDraft>): void;
  onRemove?: () => void;
}) {
  const at = (f: string) => errs[`rotations[${i}].${f}`];
  return (
    <fieldset className="sub-card">
      <legend>Rotation {i + 1}</legend>
      <div className="form-grid">
        <Field label="Rotation name" error={at('name')}>
          {(p) => <input {...p} value={r.name} onChange={(e) => set({ name: e.target.value })} required />}
        </Field>
        <Field label="Participants" hint="in hand-off order, comma-separated" error={at('participants')}>
          {(p) => (
            <input
              {...p}
              value={r.participants}
              onChange={(e) => set({ participants: e.target.value })}
              placeholder="ana, bo, chen"
              required
            />
          )}
        </Field>
        <Field label="First hand-off" hint="a date in the schedule's time zone" error={at('start')}>
          {(p) => (
            <input {...p} type="date" value={r.start} onChange={(e) => set({ start: e.target.value })} />
          )}
        </Field>
        <Field label="Hand-off time" error={at('handoffTime')}>
          {(p) => (
            <input
              {...p}
              type="time"
              value={r.handoffTime}
              onChange={(e) => set({ handoffTime: e.target.value })}
            />
          )}
        </Field>
        <Field label="Shift length" hint="12h, 1d, 1w …" error={at('length')}>
          {(p) => (
            <input
              {...p}
              list="oncall-lengths"
              value={r.length}
              onChange={(e) => set({ length: e.target.value })}
              required
            />
          )}
        </Field>
      </div>
      {onRemove && (
        <button type="button" className="btn btn-small btn-quiet" onClick={onRemove}>
          Remove rotation {i + 1}
        </button>
      )}
    </fieldset>
  );
}

/**
 * Create or replace an on-call schedule: rotations of people with a first hand-off, a hand-off
 * time and a shift length in the schedule's time zone, and the channel that reaches each person.
 */
export function ScheduleForm({
  existing,
  channels,
  onSaved,
  onCancel,
}: {
  existing?: Schedule | undefined;
  channels: string[];
  onSaved(s: Schedule): void;
  onCancel(): void;
}) {
  const api = useApi();
  const [name, setName] = useState(existing?.name ?? '');
  const [zone, setZone] = useState(existing?.timeZone ?? browserZone());
  const [rotations, setRotations] = useState<RotationDraft[]>(
    existing?.rotations.map((r) => ({ ...r, participants: r.participants.join(', ') })) ?? [blankRotation(0)],
  );
  const [contacts, setContacts] = useState<Record<string, string>>(existing?.contacts ?? {});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const errs = fieldErrors(error);
  const everyone = [...new Set(rotations.flatMap((r) => people(r.participants)))];
  const contactOf = (person: string) => contacts[person] ?? channels[0] ?? '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (!/^[\w.-]{1,100}$/.test(name.trim()))
        throw invalid('name', 'letters, digits, dot, dash, underscore');
      const saved = await settingsApi(api).saveSchedule(name.trim(), {
        timeZone: zone.trim(),
        rotations: rotations.map((r) => ({ ...r, participants: people(r.participants) })),
        overrides: existing?.overrides ?? [],
        contacts: Object.fromEntries(everyone.map((p) => [p, contactOf(p)])),
      });
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card form"
      onSubmit={submit}
      aria-label={existing ? `Edit ${existing.name}` : 'New schedule'}
    >
      <h2>{existing ? `Edit schedule ${existing.name}` : 'New schedule'}</h2>
      <datalist id="oncall-lengths">
        {LENGTHS.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <div className="form-grid">
        <Field label="Schedule name" hint="escalation policies page it as schedule:NAME" error={errs.name}>
          {(p) => (
            <input
              {...p}
              value={name}
              onChange={(e) => setName(e.target.value)}
              readOnly={existing !== undefined}
              required
            />
          )}
        </Field>
        <Field label="Time zone" hint="IANA, e.g. Europe/Berlin" error={errs.timeZone}>
          {(p) => <input {...p} value={zone} onChange={(e) => setZone(e.target.value)} required />}
        </Field>
      </div>
      {rotations.map((r, i) => (
        <RotationFields
          // biome-ignore lint/suspicious/noArrayIndexKey: rotations have no identity until saved
          key={i}
          r={r}
          i={i}
          errs={errs}
          set={(patch) => setRotations((rs) => rs.map((x, j) => (j === i ? { ...x, ...patch } : x)))}
          onRemove={
            rotations.length > 1 ? () => setRotations((rs) => rs.filter((_, j) => j !== i)) : undefined
          }
        />
      ))}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => setRotations((rs) => [...rs, blankRotation(rs.length)])}
      >
        Add rotation
      </button>
      <h3>Who is reached how</h3>
      {channels.length === 0 ? (
        <p className="muted">
          Add a channel under Settings → Channels first: each person is paged through one.
        </p>
      ) : everyone.length === 0 ? (
        <p className="muted">Name the participants above, then choose the channel that reaches each.</p>
      ) : (
        <div className="form-grid">
          {everyone.map((person) => (
            <Field key={person} label={`Channel for ${person}`} error={errs[`contacts.${person}`]}>
              {(p) => (
                <select
                  {...p}
                  value={contactOf(person)}
                  onChange={(e) => setContacts((c) => ({ ...c, [person]: e.target.value }))}
                >
                  {channels.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              )}
            </Field>
          ))}
        </div>
      )}
      {error !== undefined && <ErrorMessage error={error} title="The schedule was not saved" />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save schedule'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
