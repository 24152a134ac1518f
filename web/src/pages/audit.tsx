import { useState } from 'react';
import { useApi } from '../api/session.js';
import type { AuditEntry } from '../api/types.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loaded } from '../components/loaded.js';
import { SettingsTabs } from '../components/settings-tabs.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';

const PAGE = 50;

export default function AuditPage() {
  const api = useApi();
  const [targetType, setTargetType] = useState('');
  const [older, setOlder] = useState<{ items: AuditEntry[]; nextBefore: number | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>();
  const load = useLoad(() => {
    setOlder(null);
    return api.listAudit({ limit: PAGE, targetType: targetType || undefined });
  }, [api, targetType]);

  const nextBefore = older ? older.nextBefore : load.data?.nextBefore;
  const more = async () => {
    if (!nextBefore) return;
    setMoreError(undefined);
    try {
      const page = await api.listAudit({
        limit: PAGE,
        before: nextBefore,
        targetType: targetType || undefined,
      });
      setOlder({ items: [...(older?.items ?? []), ...page.items], nextBefore: page.nextBefore });
    } catch (e) {
      setMoreError(e);
    }
  };

  return (
    <div className="page">
      <header className="page-head">
        <h1>Settings</h1>
      </header>
      <SettingsTabs />
      <form className="filters" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <label>
          What changed{' '}
          <select name="targetType" value={targetType} onChange={(e) => setTargetType(e.target.value)}>
            <option value="">anything</option>
            <option value="source">sources</option>
            <option value="monitor">monitors</option>
            <option value="api_token">tokens</option>
          </select>
        </label>
      </form>
      <Loaded load={load} what="the audit log">
        {(first) => {
          const items = [...first.items, ...(older?.items ?? [])];
          if (items.length === 0) return <p className="muted">Nothing recorded yet.</p>;
          return (
            <>
              <table className="table">
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>Who</th>
                    <th>Action</th>
                    <th>What</th>
                    <th>Summary</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Time iso={a.at} />
                      </td>
                      <td>
                        {a.actor.name} <span className="muted small">({a.actor.kind})</span>
                      </td>
                      <td className="mono small">{a.action}</td>
                      <td className="mono small">
                        {a.target.type} {a.target.id}
                      </td>
                      <td>{a.summary}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {moreError !== undefined && (
                <ErrorMessage error={moreError} title="Could not load older entries" />
              )}
              {nextBefore ? (
                <button type="button" className="btn" onClick={more}>
                  Load older
                </button>
              ) : null}
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
