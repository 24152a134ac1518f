import { useRef, useState } from 'react';
import { ApiError } from '../api/client.js';
import { useApi } from '../api/session.js';
import type { RoutingConfig } from '../api/types.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loaded } from '../components/loaded.js';
import { SettingsTabs } from '../components/settings-tabs.js';
import { useLoad } from '../components/use-load.js';
import { Link } from '../router.js';
import { lineRange, parseRoutingText, toText } from './routing-text.js';

/** What the server does when no routing is saved (src/services/alerts/routing-config.ts). */
function defaultRouting(channels: string[]): RoutingConfig {
  return {
    route: {
      receiver: channels,
      group_by: ['monitor'],
      group_wait: '0s',
      group_interval: '5m',
      repeat_interval: '4h',
    },
    inhibit_rules: [
      {
        name: 'source-down',
        source_matchers: ['kind="source_down"'],
        target_matchers: ['kind!="source_down"'],
        equal: ['source'],
      },
    ],
  };
}

interface Problem {
  path: string;
  message: string;
  line: number | null;
}

function RoutingEditor({ initial, configured }: { initial: RoutingConfig; configured: boolean }) {
  const api = useApi();
  const [text, setText] = useState(() => toText(initial, 'json'));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  const show = (line: number | null) => {
    const el = area.current;
    if (!el || line === null) return;
    const [start, end] = lineRange(text, line);
    el.focus();
    el.setSelectionRange(start, end);
  };

  const reformat = (as: 'json' | 'yaml') => {
    const parsed = parseRoutingText(text);
    if (parsed.ok) setText(toText(parsed.value, as));
  };

  const save = async () => {
    setProblems([]);
    setError(undefined);
    setSaved(null);
    const parsed = parseRoutingText(text);
    if (!parsed.ok) {
      setProblems([{ path: '(text)', message: parsed.message, line: parsed.line }]);
      return;
    }
    const value = parsed.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      setProblems([{ path: '(text)', message: 'must be an object with route and inhibit_rules', line: 1 }]);
      return;
    }
    setBusy(true);
    try {
      await api.putRouting(value as RoutingConfig);
      setSaved(`Saved at ${new Date().toLocaleTimeString()}. New alerts are routed by this tree.`);
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0) {
        setProblems(e.details.map((d) => ({ ...d, line: parsed.lineOf(d.path) })));
      } else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card">
      <div className="routing-editor">
        <div>
          <label htmlFor="routing-text" className="field-label">
            Routing tree {configured ? '' : '(the default: not saved yet)'}
          </label>
          <textarea
            id="routing-text"
            ref={area}
            className="mono routing-text"
            spellCheck={false}
            rows={20}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby="routing-problems"
          />
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={save} disabled={busy}>
              {busy ? 'Saving…' : 'Save routing'}
            </button>
            <button type="button" className="btn" onClick={() => reformat('json')}>
              Show as JSON
            </button>
            <button type="button" className="btn" onClick={() => reformat('yaml')}>
              Show as YAML
            </button>
          </div>
        </div>
        <aside id="routing-problems" aria-label="Problems" className="routing-side">
          {saved && (
            <p className="notice" role="status">
              {saved}
            </p>
          )}
          {error !== undefined && <ErrorMessage error={error} title="The routing was not saved" />}
          {problems.length > 0 ? (
            <div className="error-box" role="alert">
              <strong>
                Not saved: {problems.length} problem{problems.length === 1 ? '' : 's'}
              </strong>
              <ul className="problems">
                {problems.map((p) => (
                  <li key={`${p.path}:${p.message}`}>
                    <button type="button" className="link-button" onClick={() => show(p.line)}>
                      <code>{p.path}</code>
                      {p.line !== null && <span className="muted"> line {p.line}</span>}
                    </button>
                    : {p.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            !saved && (
              <p className="muted">
                Problems found when saving are listed here with their path and line; select one to jump to it.
              </p>
            )
          )}
        </aside>
      </div>
    </section>
  );
}

export default function RoutingPage() {
  const api = useApi();
  const load = useLoad(async () => {
    const [routing, channels] = await Promise.all([api.getRouting(), api.listChannels()]);
    return { routing, channels: channels.items.map((c) => c.name) };
  }, [api]);
  return (
    <div className="page">
      <header className="page-head">
        <h1>Settings</h1>
      </header>
      <SettingsTabs />
      <Loaded load={load} what="the routing">
        {({ routing, channels }) => (
          <>
            <section className="card">
              <h2>How alerts reach channels</h2>
              <p>
                {routing.configured ? (
                  'A routing tree is saved: an alert walks it from the root and goes to the receivers of the routes it matches.'
                ) : (
                  <>
                    <strong>No routing is configured</strong>, so every channel gets every alert, grouped by
                    monitor (one message per monitor, repeated every 4 hours while it fires), and a source
                    that is down holds back the other alerts of that source. The tree below is that default;
                    save it to change it.
                  </>
                )}
              </p>
              <p className="muted small">
                The shape is Alertmanager's: <code>route</code> with <code>receiver</code> (channel names),{' '}
                <code>matchers</code> (e.g. <code>owner="finance-data"</code>), <code>group_by</code>,{' '}
                <code>group_wait</code>, <code>group_interval</code>, <code>repeat_interval</code>,{' '}
                <code>continue</code> and child <code>routes</code>; and <code>inhibit_rules</code> with{' '}
                <code>source_matchers</code>, <code>target_matchers</code> and <code>equal</code>. JSON or
                YAML.
              </p>
              {channels.length === 0 && (
                <p className="notice">
                  There are no channels yet: <Link to="/settings/channels?new=1">add one</Link> to name it as
                  a receiver.
                </p>
              )}
            </section>
            <RoutingEditor
              configured={routing.configured}
              initial={routing.configured && routing.routing ? routing.routing : defaultRouting(channels)}
            />
          </>
        )}
      </Loaded>
    </div>
  );
}
