import { type FormEvent, useState } from 'react';
import { useApi } from '../api/session.js';
import { CHANNEL_KINDS, type Channel, type ChannelKind } from '../api/types.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import {
  CHANNEL_KIND_FIELDS,
  type ChannelValues,
  initialChannelValues,
  toChannelConfig,
} from './channel-kinds.js';

/**
 * A new notification channel with its kind's fields. The server checks every outbound address
 * against its SSRF guard when saving; its reason (e.g. a loopback address) shows next to the form.
 */
export function ChannelForm({
  onCreated,
  onCancel,
}: {
  onCreated: (c: Channel) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ChannelKind>('slack');
  const [description, setDescription] = useState('');
  const [values, setValues] = useState<ChannelValues>(() => initialChannelValues('slack'));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      onCreated(
        await api.createChannel({
          name: name.trim(),
          kind,
          ...(description.trim() ? { description: description.trim() } : {}),
          config: toChannelConfig(kind, values),
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} aria-label="New channel">
      <h2>New channel</h2>
      <div className="form-grid">
        <Field label="Name" hint="letters, digits, _ . - ; routing names its receivers by it">
          {(p) => (
            <input
              {...p}
              name="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={100}
            />
          )}
        </Field>
        <Field label="Kind">
          {(p) => (
            <select
              {...p}
              name="kind"
              value={kind}
              onChange={(e) => {
                const k = e.target.value as ChannelKind;
                setKind(k);
                setValues(initialChannelValues(k));
              }}
            >
              {CHANNEL_KINDS.map((k) => (
                <option key={k} value={k}>
                  {CHANNEL_KIND_FIELDS[k].label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {CHANNEL_KIND_FIELDS[kind].fields.map((f) => (
          <Field
            key={`${kind}.${f.key}`}
            label={f.label}
            hint={
              f.secret ? `${f.hint ? `${f.hint}; ` : ''}write-only: stored sealed, never shown again` : f.hint
            }
          >
            {(p) =>
              f.type === 'select' ? (
                <select
                  {...p}
                  name={f.key}
                  value={values[f.key] ?? ''}
                  onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                >
                  {f.options?.map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
              ) : (
                <input
                  {...p}
                  name={f.key}
                  type={f.type === 'list' ? 'text' : f.type}
                  autoComplete={f.secret ? 'new-password' : 'off'}
                  required={f.required}
                  value={values[f.key] ?? ''}
                  onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                />
              )
            }
          </Field>
        ))}
        <Field label="Description">
          {(p) => (
            <input
              {...p}
              name="description"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
      </div>
      {error !== undefined && <ErrorMessage error={error} title="The channel was not added" />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add channel'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
