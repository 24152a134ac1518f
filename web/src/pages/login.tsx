import { type FormEvent, useState } from 'react';
import { ApiError, VigilApi } from '../api/client.js';
import { useSession } from '../api/session.js';
import { loginWithPassword } from '../api/respond.js';
import { ErrorMessage } from '../components/error-message.js';
import { ThemeToggle } from '../components/theme-toggle.js';

/** Sign in with a user name and password: the server answers a session token, kept like any other. */
function PasswordForm({ onToken }: { onToken(token: string): void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onToken((await loginWithPassword(new VigilApi({ token: '' }), name.trim(), password)).token);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Password sign-in">
      <label className="field">
        <span>User name</span>
        <input
          name="username"
          autoComplete="username"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          // biome-ignore lint/a11y/noAutofocus: the first field of the sign-in page; the reader came here to type into it
          autoFocus
        />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {error !== undefined && <ErrorMessage error={error} title="Sign-in failed" />}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Checking…' : 'Sign in with password'}
      </button>
    </form>
  );
}

/** Sign in with a user name and password, or an API token checked against the server before it is kept. */
export function LoginPage() {
  const { signIn, endedBecause } = useSession();
  const [method, setMethod] = useState<'token' | 'password'>('token');
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = token.trim();
    if (!t) return;
    setBusy(true);
    setError(undefined);
    try {
      await new VigilApi({ token: t }).listMonitors();
      signIn(t);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? new ApiError(401, err.code, `That token was not accepted: ${err.message}`)
          : err,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <div className="card login-card">
        <h1>
          <span aria-hidden="true">◉</span> Vigil
        </h1>
        <div className="tabs" role="tablist" aria-label="Sign-in method">
          <button
            type="button"
            role="tab"
            aria-selected={method === 'token'}
            className="btn btn-quiet"
            onClick={() => setMethod('token')}
          >
            API token
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={method === 'password'}
            className="btn btn-quiet"
            onClick={() => setMethod('password')}
          >
            User name and password
          </button>
        </div>
        {endedBecause && <p className="notice">{endedBecause}</p>}
        {method === 'password' ? (
          <PasswordForm onToken={signIn} />
        ) : (
          <form onSubmit={submit} aria-label="Token sign-in">
            <label className="field">
              <span>API token</span>
              <input
                type="password"
                name="token"
                autoComplete="current-password"
                value={token}
                onChange={(e) => setToken(e.target.value)}
                placeholder="vgl_…"
                required
                // biome-ignore lint/a11y/noAutofocus: the only field on the page; the reader came here to type into it
                autoFocus
              />
            </label>
            {error !== undefined && <ErrorMessage error={error} title="Sign-in failed" />}
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Checking…' : 'Sign in'}
            </button>
          </form>
        )}
        <p className="muted small">
          The first start of <code>vigil serve</code> prints an admin token. An admin makes more tokens, and
          users with passwords, under Settings. The session is kept in this browser until you sign out.
        </p>
        <div className="login-foot">
          <ThemeToggle />
        </div>
      </div>
    </main>
  );
}
