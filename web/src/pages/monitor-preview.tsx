import { useState } from 'react';
import { type MonitorPreview, type MonitorPreviewInput, monitorApi } from '../api/monitors.js';
import { useApi } from '../api/session.js';
import { ErrorMessage } from '../components/error-message.js';
import { RunResult } from './monitor-run.js';

/**
 * "Run now" inside the create and edit forms: runs the spec as it stands once against its
 * source and shows the value, the expected band and pass/fail. Nothing is saved.
 */
export function PreviewRun({ spec }: { spec: () => MonitorPreviewInput | string }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<MonitorPreview>();
  const [error, setError] = useState<unknown>();
  const run = async () => {
    setError(undefined);
    setResult(undefined);
    const s = spec();
    if (typeof s === 'string') {
      setError(new Error(s));
      return;
    }
    setBusy(true);
    try {
      setResult(await monitorApi(api).preview(s));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="run-now preview" aria-label="Preview">
      <button type="button" className="btn" onClick={run} disabled={busy}>
        {busy ? 'Running…' : 'Run now (preview)'}
      </button>
      <div aria-live="polite">
        {error !== undefined && <ErrorMessage error={error} title="The preview did not run" />}
        {result && (
          <RunResult
            result={result}
            note={
              result.usedHistory
                ? 'Not saved. Judged against what this monitor has learned so far.'
                : 'Not saved. A new monitor has no history yet: a learned band appears after a few runs; fixed bounds apply at once.'
            }
          />
        )}
        {!result && error === undefined && (
          <p className="muted small">See the value and the expected band before saving; nothing is stored.</p>
        )}
      </div>
    </section>
  );
}
