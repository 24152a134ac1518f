import { useState } from 'react';
import { useApi } from '../api/session.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loaded } from '../components/loaded.js';
import { SettingsTabs } from '../components/settings-tabs.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';

export default function TrashPage() {
  const api = useApi();
  const load = useLoad(() => api.listTrash(), [api]);
  const [restored, setRestored] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();

  const restore = async (kind: string, id: string) => {
    setError(undefined);
    setRestored(null);
    try {
      const r = await api.restoreTrash(kind, id);
      setRestored(`${r.kind} ${r.name}`);
      load.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="page">
      <header className="page-head">
        <h1>Settings</h1>
      </header>
      <SettingsTabs />
      <p className="muted">
        Deleted sources and monitors stay here until their purge date, and can be restored.
      </p>
      {restored && (
        <p className="notice" role="status">
          Restored {restored}.
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} title="Restore failed" />}
      <Loaded load={load} what="the trash">
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">The trash is empty.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>Name</th>
                  <th>Deleted</th>
                  <th>By</th>
                  <th>Purged after</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((t) => (
                  <tr key={`${t.kind}:${t.id}`}>
                    <td>{t.kind}</td>
                    <td>{t.name}</td>
                    <td>
                      <Time iso={t.deletedAt} />
                    </td>
                    <td>{t.deletedBy ?? <span className="muted">—</span>}</td>
                    <td>
                      <Time iso={t.purgeAfter} />
                    </td>
                    <td className="row-actions">
                      <button type="button" className="btn" onClick={() => restore(t.kind, t.id)}>
                        Restore <span className="sr-only">{t.name}</span>
                      </button>
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
