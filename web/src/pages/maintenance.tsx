import { useState } from 'react';
import { useApi } from '../api/session.js';
import { settingsApi } from '../api/settings.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { EmptyState } from '../components/empty-state.js';
import { Loaded } from '../components/loaded.js';
import { SettingsTabs } from '../components/settings-tabs.js';
import { localText, Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { MaintenanceForm } from './maintenance-form.js';

/** Maintenance windows: open, planned and (optionally) ended; open a new one, end one early. */
export default function MaintenancePage() {
  const api = useApi();
  const [showEnded, setShowEnded] = useState(false);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useLoad(() => settingsApi(api).maintenance(showEnded), [api, showEnded]);
  return (
    <div className="page">
      <header className="page-head">
        <h1>Maintenance windows</h1>
        {!creating && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setNotice(null);
              setCreating(true);
            }}
          >
            New maintenance window
          </button>
        )}
      </header>
      <SettingsTabs />
      <p className="muted">
        While a window is open on an asset or a source, its alerts are recorded but not notified; a notified
        alert still gets its resolution. End a window when the backfill or migration is done.
      </p>
      {creating && (
        <MaintenanceForm
          onCancel={() => setCreating(false)}
          onCreated={(w) => {
            setCreating(false);
            setNotice(`Maintenance on ${w.scope} ${w.target} until ${localText(new Date(w.endsAt))}.`);
            load.reload();
          }}
        />
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={showEnded} onChange={(e) => setShowEnded(e.target.checked)} />
        Show ended
      </label>
      <Loaded load={load} what="maintenance windows">
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title={showEnded ? 'No maintenance windows yet' : 'No open or planned maintenance'}>
              <p className="muted">
                Open one before a backfill or a migration, or from the pipeline with{' '}
                <code>vigil maintenance start ASSET --for 2h --reason "…"</code>.
              </p>
            </EmptyState>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>State</th>
                  <th>On</th>
                  <th>Starts</th>
                  <th>Ends</th>
                  <th>Reason</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((w) => (
                  <tr key={w.id} className={w.state === 'ended' ? 'revoked' : undefined}>
                    <td>
                      <span className={`badge maintenance-${w.state}`}>
                        {/* A series is "open" for its whole span; it holds alerts only in its slots. */}
                        {w.recurrence && w.state === 'open' ? 'recurring' : w.state}
                      </span>
                    </td>
                    <td>
                      <span className="muted small">{w.scope}</span> <span className="mono">{w.target}</span>
                    </td>
                    <td>
                      <Time iso={w.startsAt} />
                      {w.recurrence && (
                        <div className="muted small">
                          <code>{w.recurrence.cron}</code> for {w.recurrence.duration} (
                          {w.recurrence.timeZone})
                        </div>
                      )}
                    </td>
                    <td>
                      <Time iso={w.endedAt ?? w.endsAt} />
                    </td>
                    <td className="message">
                      {w.reason}
                      <div className="muted small">by {w.createdBy}</div>
                    </td>
                    <td className="row-actions">
                      {w.state !== 'ended' && (
                        <ConfirmButton
                          label="End now"
                          question={`End the window on ${w.target} now?`}
                          confirmLabel="End window"
                          onConfirm={async () => {
                            await settingsApi(api).endMaintenance(w.id);
                            setNotice(`Ended the maintenance window on ${w.target}.`);
                            load.reload();
                          }}
                        />
                      )}
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
