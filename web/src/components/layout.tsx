import { type ReactNode, useState } from 'react';
import { useSession } from '../api/session.js';
import { settingsApi } from '../api/settings.js';
import { ROUTES } from '../routes.js';
import { Link, useLocation } from '../router.js';
import { ThemeToggle } from './theme-toggle.js';

function isActive(routePath: string, path: string): boolean {
  return routePath === '/' ? path === '/' : path === routePath || path.startsWith(`${routePath}/`);
}

function NavGroup({ group, label }: { group: 'main' | 'later' | 'settings'; label: string }) {
  const { path } = useLocation();
  return (
    <div className="nav-group">
      <h2 className="nav-heading">{label}</h2>
      <ul>
        {ROUTES.filter((r) => r.nav === group).map((r) => (
          <li key={r.path}>
            <Link to={r.path} aria-current={isActive(r.path, path) ? 'page' : undefined}>
              {r.title}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The frame around every page: navigation, theme and sign-out, and a skip link for keyboards. */
export function Layout({ children }: { children: ReactNode }) {
  const { signOut, api } = useSession();
  const [leaving, setLeaving] = useState(false);
  // A password session is revoked on the server first, so a copy of its token is worthless; the
  // browser forgets the token whatever the server says (it may be down or the token already gone).
  const leave = async () => {
    setLeaving(true);
    try {
      await settingsApi(api).endSession();
    } catch {
      // signed out locally all the same
    }
    signOut();
  };
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <Link to="/" className="brand">
          <span aria-hidden="true">◉</span> Vigil
        </Link>
        <NavGroup group="main" label="Watch" />
        <NavGroup group="later" label="Respond" />
        <NavGroup group="settings" label="Settings" />
        <div className="sidebar-foot">
          <ThemeToggle />
          <button type="button" className="btn btn-quiet" onClick={() => void leave()} disabled={leaving}>
            {leaving ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
