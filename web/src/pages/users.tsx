import { type FormEvent, useState } from 'react';
import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import type { User } from '../api/types-respond.js';
import { ROLES, type Role } from '../api/types.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import { Loaded } from '../components/loaded.js';
import { SettingsTabs } from '../components/settings-tabs.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';

function NewUser({ onCreated }: { onCreated(u: User): void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await respondApi(api).createUser({ name: name.trim(), password, role }));
      setName('');
      setPassword('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-label="New user">
      <h2>New user</h2>
      <div className="form-grid">
        <Field label="User name" hint="letters, digits and . _ @ + -">
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required />}
        </Field>
        <Field label="Password" hint="at least 10 characters; hand it over in person or a password manager">
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              minLength={10}
            />
          )}
        </Field>
        <Field
          label="Role"
          hint="viewer reads; responder acts on alerts and incidents; admin changes settings"
        >
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {error !== undefined && <ErrorMessage error={error} title="The user was not created" />}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        Create user
      </button>
    </form>
  );
}

/** People who sign in with a name and password; an admin creates them, changes roles, disables them. */
export default function UsersPage() {
  const api = useApi();
  const load = useLoad(() => respondApi(api).listUsers(), [api]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const change = async (u: User, body: { role?: Role; disabled?: boolean }) => {
    setError(undefined);
    try {
      await respondApi(api).updateUser(u.id, body);
      setNotice(`Changed ${u.name}; their open sessions ended.`);
      load.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="page">
      <SettingsTabs />
      <h1>Users</h1>
      <p className="muted">
        People sign in with a user name and password and get a 12-hour session with their role. Machines
        should use API tokens.
      </p>
      <NewUser
        onCreated={(u) => {
          setNotice(`Created ${u.role} user ${u.name}.`);
          load.reload();
        }}
      />
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} title="The change was refused" />}
      <Loaded load={load} what="users">
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title="No users yet">
              <p>Create one above; until then people sign in with API tokens.</p>
            </EmptyState>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Role</th>
                  <th>Last sign-in</th>
                  <th>Created</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                {items.map((u) => (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>
                      <select
                        aria-label={`Role of ${u.name}`}
                        value={u.role}
                        onChange={(e) => void change(u, { role: e.target.value as Role })}
                      >
                        {ROLES.map((r) => (
                          <option key={r}>{r}</option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <Time iso={u.lastLoginAt} empty="never" short />
                    </td>
                    <td>
                      <Time iso={u.createdAt} short /> <span className="muted small">by {u.createdBy}</span>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => void change(u, { disabled: !u.disabled })}
                      >
                        {u.disabled ? 'Enable' : 'Disable'}
                      </button>{' '}
                      {u.disabled && <span className="muted small">disabled</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </div>
  );
}
