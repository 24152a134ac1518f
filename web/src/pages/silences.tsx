import { useState } from 'react';
import { useApi } from '../api/session.js';
import type { SilenceState } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { EmptyState } from '../components/empty-state.js';
import { Loaded } from '../components/loaded.js';
import { SettingsTabs } from '../components/settings-tabs.js';
import { localText, Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { navigate, useLocation } from '../router.js';
import { SilenceForm } from './silence-form.js';

const ORDER: Record<SilenceState, number> = { active: 0, pending: 1, expired: 2 };

export default function SilencesPage() {
  const api = useApi();
  const { search } = useLocation();
  const creating = search.get('new') === '1';
  const [showExpired, setShowExpired] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useLoad(() => api.listSilences(), [api]);
  return (
    <div className="page">
      <header className="page-head">
        <h1>Settings</h1>
        {!creating && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => navigate('/settings/silences?new=1')}
          >
            New silence
          </button>
        )}
      </header>
      <SettingsTabs />
      <p className="muted">
        A silence holds back new notifications of the alerts it matches until it ends; alerts still fire and
        are listed, and resolutions still go out.
      </p>
      {creating && (
        <SilenceForm
          withStart
          onCancel={() => navigate('/settings/silences')}
          onCreated={(s) => {
            setNotice(`Silenced ${s.matchers.join(', ')} until ${localText(new Date(s.endsAt))}.`);
            navigate('/settings/silences');
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
        <input type="checkbox" checked={showExpired} onChange={(e) => setShowExpired(e.target.checked)} />
        Show expired
      </label>
      <Loaded load={load} what="silences">
        {({ items }) => {
          const shown = items
            .filter((s) => showExpired || s.state !== 'expired')
            .sort((a, b) => ORDER[a.state] - ORDER[b.state]);
          if (shown.length === 0)
            return (
              <EmptyState title={items.length ? 'No active or pending silences' : 'No silences yet'}>
                <p className="muted">
                  Silence an alert from the Alerts page, or add one here for planned work.
                </p>
              </EmptyState>
            );
          return (
            <table className="table">
              <thead>
                <tr>
                  <th>State</th>
                  <th>Matchers</th>
                  <th>Starts</th>
                  <th>Ends</th>
                  <th>Comment</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((s) => (
                  <tr key={s.id} className={s.state === 'expired' ? 'revoked' : undefined}>
                    <td>
                      <span className={`badge silence-${s.state}`}>{s.state}</span>
                    </td>
                    <td className="mono small">
                      {s.matchers.map((m) => (
                        <div key={m}>{m}</div>
                      ))}
                    </td>
                    <td>
                      <Time iso={s.startsAt} />
                    </td>
                    <td>
                      <Time iso={s.endsAt} />
                    </td>
                    <td className="message">
                      {s.comment}
                      <div className="muted small">by {s.createdBy}</div>
                    </td>
                    <td className="row-actions">
                      {s.state !== 'expired' && (
                        <ConfirmButton
                          label="Expire"
                          question="End this silence now?"
                          confirmLabel="Expire now"
                          onConfirm={async () => {
                            await api.expireSilence(s.id);
                            load.reload();
                          }}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Loaded>
    </div>
  );
}
