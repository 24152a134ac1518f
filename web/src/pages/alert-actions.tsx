import { useState } from 'react';
import { useApi } from '../api/session.js';
import type { Alert } from '../api/types.js';
import { ErrorMessage } from '../components/error-message.js';

/**
 * Acknowledge, resolve and "Silence…" for one alert. Acknowledging and resolving need the
 * responder role; the API's refusal is shown where the button was pressed.
 */
export function AlertActions({
  alert,
  onChanged,
  onSilence,
}: {
  alert: Alert;
  onChanged: () => void;
  onSilence: () => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const act = (fn: () => Promise<unknown>) => async () => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (alert.status !== 'firing') return null;
  return (
    <div className="alert-actions">
      {!alert.acknowledgedAt && (
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={act(() => api.acknowledgeAlert(alert.id))}
        >
          Acknowledge
        </button>
      )}
      <button
        type="button"
        className="btn btn-small"
        disabled={busy}
        onClick={act(() => api.resolveAlert(alert.id))}
      >
        Resolve
      </button>
      <button type="button" className="btn btn-small" disabled={busy} onClick={onSilence}>
        Silence…
      </button>
      {error !== undefined && <ErrorMessage error={error} title="Not done" />}
    </div>
  );
}
