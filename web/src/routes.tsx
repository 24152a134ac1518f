import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

export interface PageProps {
  params: Record<string, string>;
}

export interface RouteDef {
  /** '/monitors/:id': segments starting with ':' are parameters. */
  path: string;
  title: string;
  page: LazyExoticComponent<ComponentType<PageProps>>;
  /** Where the page is listed in the side navigation, if at all. */
  nav?: 'main' | 'later' | 'settings';
}

/**
 * The route table. Adding a page: write web/src/pages/<name>.tsx with a default export taking
 * PageProps, then add one line here. Each page is its own chunk (React.lazy), so the first load
 * stays small whatever the number of pages. The first match wins: put '/x/new' before '/x/:id'.
 */
export const ROUTES: RouteDef[] = [
  { path: '/', title: 'Overview', nav: 'main', page: lazy(() => import('./pages/overview.js')) },
  { path: '/monitors', title: 'Monitors', nav: 'main', page: lazy(() => import('./pages/monitors.js')) },
  { path: '/monitors/new', title: 'New monitor', page: lazy(() => import('./pages/monitor-new.js')) },
  { path: '/monitors/:id/edit', title: 'Edit monitor', page: lazy(() => import('./pages/monitor-edit.js')) },
  { path: '/monitors/:id', title: 'Monitor', page: lazy(() => import('./pages/monitor-detail.js')) },
  { path: '/sources', title: 'Sources', nav: 'main', page: lazy(() => import('./pages/sources.js')) },
  { path: '/alerts', title: 'Alerts', nav: 'later', page: lazy(() => import('./pages/alerts.js')) },
  { path: '/alerts/:id', title: 'Alert', page: lazy(() => import('./pages/alert-detail.js')) },
  { path: '/incidents', title: 'Incidents', nav: 'later', page: lazy(() => import('./pages/incidents.js')) },
  {
    path: '/incidents/:id/postmortem',
    title: 'Postmortem',
    page: lazy(() => import('./pages/postmortem.js')),
  },
  { path: '/incidents/:id', title: 'Incident', page: lazy(() => import('./pages/incident-detail.js')) },
  { path: '/inbox', title: 'Inbox', nav: 'later', page: lazy(() => import('./pages/inbox.js')) },
  { path: '/catalog', title: 'Catalog', nav: 'main', page: lazy(() => import('./pages/catalog.js')) },
  { path: '/catalog/:name', title: 'Asset', page: lazy(() => import('./pages/asset-detail.js')) },
  { path: '/slos', title: 'SLOs', nav: 'later', page: lazy(() => import('./pages/slos.js')) },
  { path: '/slos/:name', title: 'SLO', page: lazy(() => import('./pages/slo-detail.js')) },
  { path: '/pipelines', title: 'Pipelines', nav: 'main', page: lazy(() => import('./pages/pipelines.js')) },
  { path: '/settings', title: 'API tokens', page: lazy(() => import('./pages/tokens.js')) },
  {
    path: '/settings/tokens',
    title: 'API tokens',
    nav: 'settings',
    page: lazy(() => import('./pages/tokens.js')),
  },
  {
    path: '/settings/audit',
    title: 'Audit log',
    nav: 'settings',
    page: lazy(() => import('./pages/audit.js')),
  },
  {
    path: '/settings/channels',
    title: 'Channels',
    nav: 'settings',
    page: lazy(() => import('./pages/channels.js')),
  },
  {
    path: '/settings/silences',
    title: 'Silences',
    nav: 'settings',
    page: lazy(() => import('./pages/silences.js')),
  },
  {
    path: '/settings/maintenance',
    title: 'Maintenance',
    nav: 'settings',
    page: lazy(() => import('./pages/maintenance.js')),
  },
  {
    path: '/settings/routing',
    title: 'Routing',
    nav: 'settings',
    page: lazy(() => import('./pages/routing.js')),
  },
  { path: '/settings/users', title: 'Users', nav: 'settings', page: lazy(() => import('./pages/users.js')) },
  {
    path: '/settings/on-call',
    title: 'On call',
    nav: 'settings',
    page: lazy(() => import('./pages/on-call.js')),
  },
  { path: '/settings/trash', title: 'Trash', nav: 'settings', page: lazy(() => import('./pages/trash.js')) },
];
