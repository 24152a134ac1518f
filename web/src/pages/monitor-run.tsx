import { useState } from 'react';
import { useApi } from '../api/session.js';
import type { CheckResult } from '../api/types.js';
import { ErrorMessage } from '../components/error-message.js';
import { fmtBand, fmtNumber } from '../components/format.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';

type RunFacts = Pick<CheckResult, 'status' | 'observed' | 'expected' | 'at' | 'message'>;

/** One run's verdict: pass/fail, the value, the expected band (lower … upper), when, and why. */
export function RunResult({ result, note }: { result: RunFacts; note?: string }) {
  return (
    <dl className="run-result">
      <div>
        <dt>Result</dt>
        <dd>
          <StatusBadge status={result.status} />
        </dd>
      </div>
      <div>
        <dt>Value</dt>
        <dd className="num">{fmtNumber(result.observed)}</dd>
      </div>
      <div>
        <dt>Expected</dt>
        <dd>{fmtBand(result.expected)}</dd>
      </div>
      <div>
        <dt>At</dt>
        <dd>
          <Time iso={result.at} />
        </dd>
      </div>
      <div className="wide">
        <dt>Message</dt>
        <dd>{result.message}</dd>
      </div>
      {note && (
        <div className="wide">
          <dt>Note</dt>
          <dd className="muted">{note}</dd>
        </div>
      )}
    </dl>
  );
}

/** "Run now": runs the check at once and shows its value against the expected band. */
export function RunNow({ monitorId, onRan }: { monitorId: string; onRan: () => void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CheckResult>();
  const [error, setError] = useState<unknown>();
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api.runMonitor(monitorId));
      onRan();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="run-now">
      <button type="button" className="btn btn-primary" onClick={run} disabled={busy}>
        {busy ? 'Running…' : 'Run now'}
      </button>
      <div aria-live="polite">
        {error !== undefined && <ErrorMessage error={error} title="The run did not complete" />}
        {result && <RunResult result={result} />}
      </div>
    </div>
  );
}
