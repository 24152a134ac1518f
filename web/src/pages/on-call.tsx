import { useState } from 'react';
import { useApi } from '../api/session.js';
import { type Policy, type Schedule, settingsApi } from '../api/settings.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { EmptyState } from '../components/empty-state.js';
import { Loaded } from '../components/loaded.js';
import { SettingsTabs } from '../components/settings-tabs.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { PolicyForm } from './on-call-policy-form.js';
import { ScheduleForm } from './on-call-schedule-form.js';

type Editing =
  | { kind: 'schedule'; existing?: Schedule | undefined }
  | { kind: 'policy'; existing?: Policy | undefined }
  | null;

function ScheduleCard({ s, onEdit, onDelete }: { s: Schedule; onEdit(): void; onDelete(): Promise<void> }) {
  return (
    <section className="card" aria-labelledby={`sch-${s.id}`}>
      <div className="section-head">
        <h2 id={`sch-${s.id}`}>
          {s.name} <span className="muted small">{s.timeZone}</span>
        </h2>
        <span>
          <button
            type="button"
            className="btn btn-small"
            onClick={onEdit}
            aria-label={`Edit schedule ${s.name}`}
          >
            Edit
          </button>{' '}
          <ConfirmButton
            label="Delete"
            question={`Delete schedule ${s.name}?`}
            confirmLabel="Delete schedule"
            onConfirm={onDelete}
          />
        </span>
      </div>
      <ul className="plain-list">
        {s.onCallNow.map((o) => (
          <li key={`${o.rotation}${o.person}`}>
            <strong>{o.person}</strong> on {o.rotation}
            {o.override && ' (override)'} until <Time iso={o.until} short />
          </li>
        ))}
        {s.onCallNow.length === 0 && <li className="muted">Nobody on call right now.</li>}
      </ul>
      <p className="small muted">
        {s.rotations
          .map((r) => `${r.name}: ${r.participants.join(' → ')}, every ${r.length} at ${r.handoffTime}`)
          .join('; ')}
      </p>
    </section>
  );
}

/** Who is on call now, on which rotation and until when, and how pages escalate; create and edit both. */
export default function OnCallPage() {
  const api = useApi();
  const s = settingsApi(api);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useLoad(async () => {
    const [schedules, policies, channels] = await Promise.all([
      s.schedules(),
      s.policies(),
      api.listChannels(),
    ]);
    return {
      schedules: schedules.items,
      policies: policies.items,
      channels: channels.items.map((c) => c.name),
    };
  }, [api]);
  const saved = (what: string) => {
    setEditing(null);
    setNotice(what);
    load.reload();
  };
  return (
    <div className="page">
      <header className="page-head">
        <h1>On call</h1>
        {editing === null && (
          <span>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                setNotice(null);
                setEditing({ kind: 'schedule' });
              }}
            >
              New schedule
            </button>{' '}
            <button
              type="button"
              className="btn"
              onClick={() => {
                setNotice(null);
                setEditing({ kind: 'policy' });
              }}
            >
              New escalation policy
            </button>
          </span>
        )}
      </header>
      <SettingsTabs />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <Loaded load={load} what="on-call schedules">
        {({ schedules, policies, channels }) => (
          <>
            {editing?.kind === 'schedule' && (
              <ScheduleForm
                existing={editing.existing}
                channels={channels}
                onCancel={() => setEditing(null)}
                onSaved={(x) => saved(`Saved schedule ${x.name}.`)}
              />
            )}
            {editing?.kind === 'policy' && (
              <PolicyForm
                existing={editing.existing}
                targets={[...schedules.map((x) => `schedule:${x.name}`), ...channels]}
                onCancel={() => setEditing(null)}
                onSaved={(x) => saved(`Saved escalation policy ${x.name}.`)}
              />
            )}
            {schedules.length === 0 ? (
              <EmptyState title="No on-call schedules">
                <p>
                  A schedule names rotations of people with hand-off times; escalation policies page
                  <code> schedule:NAME</code> to reach whoever is on call. Choose “New schedule” to make one.
                </p>
              </EmptyState>
            ) : (
              schedules.map((x) => (
                <ScheduleCard
                  key={x.id}
                  s={x}
                  onEdit={() => setEditing({ kind: 'schedule', existing: x })}
                  onDelete={async () => {
                    await s.deleteSchedule(x.name);
                    saved(`Deleted schedule ${x.name}.`);
                  }}
                />
              ))
            )}
            <section className="card" aria-labelledby="esc-h">
              <h2 id="esc-h">Escalation policies</h2>
              {policies.length === 0 ? (
                <p className="muted">
                  None: pages go to their routed channels only, with no escalation. Choose “New escalation
                  policy” to page a schedule and then someone else if nobody acknowledges.
                </p>
              ) : (
                <ul className="plain-list">
                  {policies.map((p) => (
                    <li key={p.id}>
                      <strong>{p.name}</strong>{' '}
                      <span className="muted small">{p.matchers.join(', ') || 'every page'}</span>:{' '}
                      {p.levels.map((l) => `${l.targets.join(', ')} after ${l.delayMinutes} min`).join(' → ')}
                      {p.repeat > 0 && `, repeated ${p.repeat}×`}{' '}
                      <button
                        type="button"
                        className="btn btn-small btn-quiet"
                        aria-label={`Edit policy ${p.name}`}
                        onClick={() => setEditing({ kind: 'policy', existing: p })}
                      >
                        Edit
                      </button>{' '}
                      <ConfirmButton
                        label="Delete"
                        question={`Delete policy ${p.name}?`}
                        confirmLabel="Delete policy"
                        onConfirm={async () => {
                          await s.deletePolicy(p.name);
                          saved(`Deleted escalation policy ${p.name}.`);
                        }}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </Loaded>
    </div>
  );
}
