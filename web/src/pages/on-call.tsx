import { useApi } from '../api/session.js';
import type { Items } from '../api/types.js';
import { EmptyState } from '../components/empty-state.js';
import { Loaded } from '../components/loaded.js';
import { SettingsTabs } from '../components/settings-tabs.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';

interface Schedule {
  id: string;
  name: string;
  timeZone: string;
  rotations: Array<{ name: string; participants: string[]; handoffTime: string; length: string }>;
  onCallNow: Array<{ rotation: string; person: string; from: string; until: string; override: boolean }>;
}
interface Policy {
  id: string;
  name: string;
  matchers: string[];
  levels: Array<{ targets: string[]; delayMinutes: number }>;
  repeat: number;
}

/** Who is on call now, on which rotation and until when, and how pages escalate. */
export default function OnCallPage() {
  const api = useApi();
  const load = useLoad(async () => {
    const [schedules, policies] = await Promise.all([
      api.call<Items<Schedule>>('listSchedules'),
      api.call<Items<Policy>>('listEscalationPolicies'),
    ]);
    return { schedules: schedules.items, policies: policies.items };
  }, [api]);
  return (
    <div className="page">
      <SettingsTabs />
      <h1>On call</h1>
      <Loaded load={load} what="on-call schedules">
        {({ schedules, policies }) => (
          <>
            {schedules.length === 0 ? (
              <EmptyState title="No on-call schedules">
                <p>
                  A schedule names rotations of people with hand-off times; escalation policies page
                  <code> schedule:NAME</code> to reach whoever is on call. Create them with{' '}
                  <code>PUT /api/v1/schedules/NAME</code> (see the notifications guide).
                </p>
              </EmptyState>
            ) : (
              schedules.map((s) => (
                <section key={s.id} className="card" aria-labelledby={`sch-${s.id}`}>
                  <h2 id={`sch-${s.id}`}>
                    {s.name} <span className="muted small">{s.timeZone}</span>
                  </h2>
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
                      .map(
                        (r) =>
                          `${r.name}: ${r.participants.join(' → ')}, every ${r.length} at ${r.handoffTime}`,
                      )
                      .join('; ')}
                  </p>
                </section>
              ))
            )}
            <section className="card" aria-labelledby="esc-h">
              <h2 id="esc-h">Escalation policies</h2>
              {policies.length === 0 ? (
                <p className="muted">None: pages go to their routed channels only, with no escalation.</p>
              ) : (
                <ul className="plain-list">
                  {policies.map((p) => (
                    <li key={p.id}>
                      <strong>{p.name}</strong>{' '}
                      <span className="muted small">{p.matchers.join(', ') || 'every page'}</span>:{' '}
                      {p.levels.map((l) => `${l.targets.join(', ')} after ${l.delayMinutes} min`).join(' → ')}
                      {p.repeat > 0 && `, repeated ${p.repeat}×`}
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
