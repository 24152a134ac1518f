import { useState } from 'react';
import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import { ErrorMessage } from '../components/error-message.js';
import { navigate } from '../router.js';

/**
 * Declares an incident from the alert, or adds it to the open incident of the same asset when the
 * API finds one; either way the reader lands on the incident.
 */
export function AlertIncidentButton({ alertId }: { alertId: string }) {
  const api = useApi();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { incident } = await respondApi(api).declareFromAlert(alertId);
      navigate(`/incidents/${encodeURIComponent(incident.id)}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="btn" onClick={go} disabled={busy}>
        Add to incident
      </button>
      {error !== undefined && <ErrorMessage error={error} title="No incident was declared" />}
    </>
  );
}
