import type { ReactNode } from 'react';
import { ErrorMessage } from './error-message.js';
import type { Load } from './use-load.js';

/** Loading, error or content for one useLoad() state; a failed load offers to try again. */
export function Loaded<T>({
  load,
  children,
  what,
}: {
  load: Load<T>;
  children: (data: T) => ReactNode;
  what?: string;
}) {
  if (load.error !== undefined) {
    return (
      <div>
        <ErrorMessage error={load.error} title={`Could not load ${what ?? 'this'}`} />
        <button type="button" className="btn" onClick={load.reload}>
          Try again
        </button>
      </div>
    );
  }
  if (load.data === undefined) {
    return (
      <p className="loading" aria-busy="true">
        Loading {what ?? ''}…
      </p>
    );
  }
  return <>{children(load.data)}</>;
}
