import { type FormEvent, useState } from 'react';
import { useApi } from '../api/session.js';
import { ROLES, type Role } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import { Loaded } from '../components/loaded.js';
import { SettingsTabs } from '../components/settings-tabs.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';

function NewToken({ onCreated }: { onCreated: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [expires, setExpires] = useState('');
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [error, setError] = useState<unknown>();
  const [copied, setCopied] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const created = await api.createToken({
        name: name.trim(),
        role,
        ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
      });
      setSecret({ name: created.token.name, secret: created.secret });
      setCopied(false);
      setName('');
      onCreated();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form className="card form" onSubmit={submit} aria-label="New token">
      <h2>New token</h2>
      <div className="form-grid">
        <Field label="Name" hint="who or what uses it, e.g. airflow-prod">
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
        <Field label="Role" hint="viewer reads; responder also runs checks; admin changes everything">
          {(p) => (
            <select {...p} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Expires" hint="optional; end of that day, your time">
          {(p) => (
            <input
              {...p}
              type="date"
              name="expires"
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
            />
          )}
        </Field>
      </div>
      {error !== undefined && <ErrorMessage error={error} title="The token was not created" />}
      <div className="actions">
        <button type="submit" className="btn btn-primary">
          Create token
        </button>
      </div>
      {secret && (
        <div className="secret-once" role="status">
          <p>
            <strong>Copy the secret of “{secret.name}” now: it is shown this once.</strong>
          </p>
          <code className="secret">{secret.secret}</code>
          <button
            type="button"
            className="btn"
            onClick={() =>
              navigator.clipboard?.writeText(secret.secret).then(
                () => setCopied(true),
                () => undefined,
              )
            }
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => setSecret(null)}>
            Done
          </button>
        </div>
      )}
    </form>
  );
}

export default function TokensPage() {
  const api = useApi();
  const load = useLoad(() => api.listTokens(), [api]);
  return (
    <div className="page">
      <header className="page-head">
        <h1>Settings</h1>
      </header>
      <SettingsTabs />
      <NewToken onCreated={load.reload} />
      <Loaded load={load} what="tokens">
        {({ items }) => (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Starts with</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Expires</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.id} className={t.revokedAt ? 'revoked' : undefined}>
                  <td>
                    {t.name}
                    <div className="muted small">by {t.createdBy}</div>
                  </td>
                  <td>{t.role}</td>
                  <td className="mono">{t.prefix}…</td>
                  <td>
                    <Time iso={t.createdAt} />
                  </td>
                  <td>
                    <Time iso={t.lastUsedAt} empty="never" />
                  </td>
                  <td>
                    <Time iso={t.expiresAt} empty="never" />
                  </td>
                  <td className="row-actions">
                    {t.revokedAt ? (
                      <span className="muted">
                        revoked <Time iso={t.revokedAt} />
                      </span>
                    ) : (
                      <ConfirmButton
                        label="Revoke"
                        question={`Revoke ${t.name}? Anything using it stops working.`}
                        confirmLabel="Revoke"
                        onConfirm={async () => {
                          await api.revokeToken(t.id);
                          load.reload();
                        }}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </div>
  );
}
