import { ROUTES } from '../routes.js';
import { Link, useLocation } from '../router.js';

/** The tabs across the settings pages (every route with nav: 'settings'). */
export function SettingsTabs() {
  const { path } = useLocation();
  return (
    <nav className="tabs" aria-label="Settings">
      {ROUTES.filter((r) => r.nav === 'settings').map((r) => (
        <Link key={r.path} to={r.path} aria-current={path === r.path ? 'page' : undefined}>
          {r.title}
        </Link>
      ))}
    </nav>
  );
}
