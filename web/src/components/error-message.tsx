import { ApiError } from '../api/client.js';

/** The API's own message (and field details) in place of the content that failed to load. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  const api = error instanceof ApiError ? error : null;
  const message = api ? api.message : error instanceof Error ? error.message : String(error);
  return (
    <div className="error-box" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <p>
        {message}
        {api && api.code !== 'HTTP_ERROR' && <span className="muted"> ({api.code})</span>}
      </p>
      {api && api.details.length > 0 && (
        <ul>
          {api.details.map((d) => (
            <li key={`${d.path}:${d.message}`}>
              <code>{d.path}</code>: {d.message}
            </li>
          ))}
        </ul>
      )}
      {api?.requestId && <p className="muted">Request id: {api.requestId}</p>}
    </div>
  );
}
