import { Suspense, useEffect } from 'react';
import { SessionProvider, useSession } from './api/session.js';
import { ErrorBoundary } from './components/error-boundary.js';
import { Layout } from './components/layout.js';
import { LoginPage } from './pages/login.js';
import { matchPath, useLocation } from './router.js';
import { ROUTES } from './routes.js';

function CurrentPage() {
  const { path } = useLocation();
  let found: { route: (typeof ROUTES)[number]; params: Record<string, string> } | undefined;
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) {
      found = { route, params };
      break;
    }
  }
  useEffect(() => {
    document.title = found ? `${found.route.title} · Vigil` : 'Not found · Vigil';
  }, [found]);
  if (!found) {
    return (
      <div className="page">
        <h1>Not found</h1>
        <p>
          Nothing lives at <code>{path}</code>. Pick a page from the navigation.
        </p>
      </div>
    );
  }
  const Page = found.route.page;
  return (
    // Keyed by path: a page that failed to render is retried when the reader moves on.
    <ErrorBoundary key={path}>
      <Suspense fallback={<p className="loading page">Loading…</p>}>
        <Page params={found.params} />
      </Suspense>
    </ErrorBoundary>
  );
}

function Gate() {
  const { token } = useSession();
  if (!token) return <LoginPage />;
  return (
    <Layout>
      <CurrentPage />
    </Layout>
  );
}

export function App() {
  return (
    <ErrorBoundary>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </ErrorBoundary>
  );
}
