import { useState } from 'react';
import { useApi } from '../api/session.js';
import type { Monitor, Silence } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { formatMatcher, matchesAllTexts } from '../components/matchers.js';
import { Time } from '../components/time.js';
import { SilenceForm } from './silence-form.js';

/** The labels a failing check of this monitor raises its alert with (see alerts-from-checks.ts). */
export function monitorAlertLabels(m: Monitor, sourceName: string): Record<string, string> {
  return {
    ...m.labels,
    monitor: m.name,
    monitor_id: m.id,
    asset: m.asset,
    source: sourceName,
    severity: m.severity,
    ...(m.owner ? { owner: m.owner } : {}),
    kind: m.kind,
  };
}

/** The active silence that holds this monitor's alerts back, if any (the one lasting longest). */
export function silenceFor(m: Monitor, sourceName: string, silences: Silence[]): Silence | undefined {
  const labels = monitorAlertLabels(m, sourceName);
  return silences
    .filter((s) => s.state === 'active' && matchesAllTexts(s.matchers, labels))
    .sort((a, b) => b.endsAt.localeCompare(a.endsAt))[0];
}

/** "Silenced until …", as a badge with words (never colour alone). */
export function SilencedBadge({ silence }: { silence: Silence }) {
  return (
    <span className="badge badge-learning" title={silence.comment}>
      silenced until <Time iso={silence.endsAt} short />
    </span>
  );
}

export const monitorSilenceMatchers = (m: Monitor) => [formatMatcher('monitor', m.name)];

/**
 * The monitor page's silence panel: who silenced it, until when and why, with "End silence";
 * or "Silence alerts" opening the silence form with a matcher on this monitor.
 */
export function MonitorSilence({
  monitor,
  silence,
  onChanged,
}: {
  monitor: Monitor;
  silence: Silence | undefined;
  onChanged: () => void;
}) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  if (silence) {
    return (
      <section className="card" aria-labelledby="silence-h">
        <h2 id="silence-h">
          Alerts <SilencedBadge silence={silence} />
        </h2>
        <p>
          New notifications of this monitor's alerts are held back until <Time iso={silence.endsAt} />:{' '}
          {silence.comment}{' '}
          <span className="muted">
            ({silence.createdBy}; {silence.matchers.join(', ')})
          </span>
        </p>
        <ConfirmButton
          label="End silence"
          question="Notify about this monitor's alerts again from now on?"
          confirmLabel="End it now"
          onConfirm={async () => {
            await api.expireSilence(silence.id);
            onChanged();
          }}
        />
      </section>
    );
  }
  return open ? (
    <SilenceForm
      initialMatchers={monitorSilenceMatchers(monitor)}
      onCancel={() => setOpen(false)}
      onCreated={() => {
        setOpen(false);
        onChanged();
      }}
    />
  ) : (
    <button type="button" className="btn" onClick={() => setOpen(true)}>
      Silence alerts
    </button>
  );
}
