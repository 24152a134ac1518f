import { type FormEvent, useState } from 'react';
import { ApiError, VigilApi } from '../api/client.js';
import { useSession } from '../api/session.js';
import { ErrorMessage } from '../components/error-message.js';
import { ThemeToggle } from '../components/theme-toggle.js';

/** Sign in with an API token; it is checked against the server before it is kept. */
export function LoginPage() {
  const { signIn, endedBecause } = useSession();
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
      <form className="card login-card" onSubmit={submit}>
        <h1>
          <span aria-hidden="true">◉</span> Vigil
        </h1>
        <p className="muted">Sign in with an API token.</p>
        {endedBecause && <p className="notice">{endedBecause}</p>}
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
        <p className="muted small">
          The first start of <code>vigil serve</code> prints an admin token. An admin makes more under
          Settings → API tokens. The token is kept in this browser until you sign out.
        </p>
        <div className="login-foot">
          <ThemeToggle />
        </div>
      </form>
    </main>
  );
}
