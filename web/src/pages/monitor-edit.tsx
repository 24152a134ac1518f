import { ApiError } from '../api/client.js';
import { useApi } from '../api/session.js';
import { Loaded } from '../components/loaded.js';
import { useLoad } from '../components/use-load.js';
import type { PageProps } from '../routes.js';
import { Link, navigate } from '../router.js';
import { MonitorForm } from './monitor-form.js';

/** Edit a monitor with the create form; saved with PATCH /api/v1/monitors/{id}. */
export default function MonitorEditPage({ params }: PageProps) {
  const api = useApi();
  const id = params.id ?? '';
  const load = useLoad(async () => {
    const [monitor, sources] = await Promise.all([api.getMonitor(id), api.listSources()]);
    return { monitor, sources: sources.items };
  }, [api, id]);

  if (load.error instanceof ApiError && load.error.status === 404) {
    return (
      <div className="page">
        <h1>Monitor not found</h1>
        <p>
          {load.error.message}. Go back to <Link to="/monitors">monitors</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="page">
      <Loaded load={load} what="the monitor">
        {({ monitor, sources }) => (
          <>
            <header className="page-head">
              <div>
                <p className="crumbs">
                  <Link to="/monitors">Monitors</Link> /{' '}
                  <Link to={`/monitors/${monitor.id}`}>{monitor.name}</Link> /
                </p>
                <h1>Edit {monitor.name}</h1>
              </div>
            </header>
            {monitor.origin === 'code' && (
              <p className="notice">
                This monitor is declared in <code>vigil.yaml</code>: the next <code>vigil apply</code> sets it
                back to what the file says. Change the file to keep an edit.
              </p>
            )}
            <MonitorForm
              initial={monitor}
              sources={sources}
              label="Edit monitor"
              submitLabel="Save changes"
              busyLabel="Saving…"
              errorTitle="The monitor was not saved"
              cancelTo={`/monitors/${monitor.id}`}
              onSubmit={async ({ kind: _kind, schedule, ...patch }) => {
                // A changed schedule makes the monitor due at once; an unchanged one is left out.
                const moved = JSON.stringify(schedule) !== JSON.stringify(monitor.schedule);
                await api.updateMonitor(monitor.id, { ...patch, ...(moved ? { schedule } : {}) });
                navigate(`/monitors/${monitor.id}?saved=1`);
              }}
            />
          </>
        )}
      </Loaded>
    </div>
  );
}
