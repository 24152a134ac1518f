import { useState } from 'react';
import { ErrorMessage } from './error-message.js';

/**
 * A destructive action in two steps ("Delete" → "Move to trash?" Yes / No), inline rather than a
 * browser dialog so it reads the same with a keyboard, a screen reader or a test.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  if (!asking) {
    return (
      <button type="button" className="btn btn-danger-quiet" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  const go = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      setAsking(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset className="confirm" aria-label={question}>
      <span>{question}</span>
      <button type="button" className="btn btn-danger" onClick={go} disabled={busy}>
        {confirmLabel}
      </button>
      <button type="button" className="btn" onClick={() => setAsking(false)} disabled={busy}>
        Cancel
      </button>
      {error !== undefined && <ErrorMessage error={error} title={`${label} failed`} />}
    </fieldset>
  );
}
