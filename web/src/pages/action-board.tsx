import { type FormEvent, useState } from 'react';
import { postmortemApi } from '../api/postmortems.js';
import { useApi } from '../api/session.js';
import {
  ACTION_ITEM_KINDS,
  type ActionItem,
  type ActionItemKind,
  type ActionItemStatus,
} from '../api/types-postmortem.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loaded } from '../components/loaded.js';
import { useLoad } from '../components/use-load.js';

const COLUMNS: Array<{ status: ActionItemStatus; label: string }> = [
  { status: 'open', label: 'Open' },
  { status: 'in_progress', label: 'In progress' },
  { status: 'done', label: 'Done' },
];
const NEXT: Partial<Record<ActionItemStatus, { to: ActionItemStatus; label: string }>> = {
  open: { to: 'in_progress', label: 'Start' },
  in_progress: { to: 'done', label: 'Done' },
};

function Item({ item, onMove }: { item: ActionItem; onMove(to: ActionItemStatus): void }) {
  const next = NEXT[item.status];
  return (
    <li className="board-item">
      <span className={`badge kind-${item.kind}`}>{item.kind}</span> {item.title}
      <div className="muted small">
        {item.owner ?? 'no owner'}
        {item.dueOn && ` · due ${item.dueOn}`}
        {item.overdue && <strong className="overdue"> · overdue</strong>}
        {item.status === 'dropped' && ` · dropped: ${item.dropReason ?? ''}`}
      </div>
      {next && (
        <button type="button" className="btn btn-small" onClick={() => onMove(next.to)}>
          {next.label}: {item.title.slice(0, 30)}
        </button>
      )}
    </li>
  );
}

/** Action items in three kinds (prevent, detect, mitigate), moved across open → in progress → done. */
export function ActionBoard({ incidentId }: { incidentId: string }) {
  const api = useApi();
  const load = useLoad(() => postmortemApi(api).actionItems(incidentId), [api, incidentId]);
  const [kind, setKind] = useState<ActionItemKind>('prevent');
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<unknown>();

  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
      load.reload();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await act(() =>
      postmortemApi(api).addItem(incidentId, {
        kind,
        title: title.trim(),
        ...(owner.trim() ? { owner: owner.trim() } : {}),
        ...(due ? { dueOn: due } : {}),
      }),
    );
    if (ok) setTitle('');
  };

  return (
    <section className="card" aria-labelledby="board-h">
      <h2 id="board-h">Action items</h2>
      <Loaded load={load} what="action items">
        {({ items }) => (
          <div className="board">
            {COLUMNS.map((c) => {
              const here = items.filter(
                (i) => i.status === c.status || (c.status === 'done' && i.status === 'dropped'),
              );
              return (
                <section key={c.status} className="board-col" aria-label={c.label}>
                  <h3>
                    {c.label} <span className="muted small">{here.length}</span>
                  </h3>
                  {here.length === 0 ? (
                    <p className="muted small">
                      {c.status === 'open'
                        ? 'Add what would prevent, detect or mitigate this next time.'
                        : '—'}
                    </p>
                  ) : (
                    <ul className="plain-list">
                      {here.map((i) => (
                        <Item
                          key={i.id}
                          item={i}
                          onMove={(to) => void act(() => postmortemApi(api).updateItem(i.id, { status: to }))}
                        />
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
        )}
      </Loaded>
      <form className="inline-form-row" onSubmit={add} aria-label="Add an action item">
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as ActionItemKind)}>
            {ACTION_ITEM_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Action <input value={title} onChange={(e) => setTitle(e.target.value)} required />
        </label>
        <label>
          Owner <input value={owner} onChange={(e) => setOwner(e.target.value)} size={12} />
        </label>
        <label>
          Due <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
        <button type="submit" className="btn" disabled={!title.trim()}>
          Add action item
        </button>
      </form>
      {error !== undefined && <ErrorMessage error={error} title="The action item was not changed" />}
    </section>
  );
}
