import { useApi } from '../api/session.js';
import { Loaded } from '../components/loaded.js';
import { useLoad } from '../components/use-load.js';
import { Link, navigate } from '../router.js';
import { MonitorForm } from './monitor-form.js';

export default function MonitorNewPage() {
  const api = useApi();
  const sources = useLoad(() => api.listSources(), [api]);
  return (
    <div className="page">
      <header className="page-head">
        <h1>New monitor</h1>
      </header>
      <Loaded load={sources} what="sources">
        {({ items }) =>
          items.length === 0 ? (
            <p className="notice">
              A monitor watches a table in a source, and there is no source yet.{' '}
              <Link to="/sources?new=1">Add a source</Link> first.
            </p>
          ) : (
            <MonitorForm
              sources={items}
              label="New monitor"
              submitLabel="Create monitor"
              busyLabel="Creating…"
              errorTitle="The monitor was not created"
              cancelTo="/monitors"
              onSubmit={async (spec) => {
                const created = await api.createMonitor(spec);
                navigate(`/monitors/${created.id}`);
              }}
            />
          )
        }
      </Loaded>
    </div>
  );
}
