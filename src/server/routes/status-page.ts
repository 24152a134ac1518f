import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type DataStatus, dataStatus } from '../../services/incidents/data-status.js';
import type { ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const query = z.object({
  domain: z.string().max(200).optional().describe('Only assets of this catalog domain'),
  asset: z.string().max(500).optional().describe('Only this asset'),
});

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The status page as plain HTML: no script, readable on any screen, and cacheable for a minute. */
export function renderStatusPage(s: DataStatus): string {
  const scope = s.filter.asset
    ? ` — ${esc(s.filter.asset)}`
    : s.filter.domain
      ? ` — ${esc(s.filter.domain)}`
      : '';
  const rows = s.degraded
    .map((d) => {
      const what = d.incident
        ? `${d.via ? `Reads from ${esc(d.via)}, affected by ` : ''}${esc(d.incident.severity)} · ${esc(d.incident.status)} · ${esc(d.incident.title)}`
        : `${d.alerts} alert(s) firing, no incident yet`;
      const update = d.latestUpdate
        ? `<p class="update">${esc(d.latestUpdate.impact)} <small>(${esc(d.latestUpdate.at)}${
            d.latestUpdate.nextUpdateAt ? `; next update by ${esc(d.latestUpdate.nextUpdateAt)}` : ''
          })</small></p>`
        : '';
      return `<li class="degraded"><h2>${esc(d.asset)}</h2><p>${what}</p><p>Degraded since <time datetime="${esc(d.since)}">${esc(d.since)}</time>${
        d.domain ? ` · domain ${esc(d.domain)}` : ''
      }</p>${update}</li>`;
    })
    .join('\n');
  const body = s.healthy
    ? '<p class="ok">All data is operational.</p>'
    : `<p class="bad">${s.degraded.length} asset(s) degraded.</p><ul>${rows}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Data status${scope}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}
ul{list-style:none;padding:0}li{border-left:4px solid #c0392b;padding:.25rem 1rem;margin:1rem 0}
.ok{color:#1e7e34}.bad{color:#c0392b}.update{background:#f6f6f6;padding:.5rem}h2{margin:.25rem 0;font-size:1.1rem}</style>
</head><body><h1>Data status${scope}</h1>${body}
<footer><small>Updated ${esc(s.generatedAt)} · <a href="/api/v1/status${
    s.filter.asset
      ? `?asset=${encodeURIComponent(s.filter.asset)}`
      : s.filter.domain
        ? `?domain=${encodeURIComponent(s.filter.domain)}`
        : ''
  }">JSON</a></small></footer></body></html>`;
}

/** The data status page, readable without a token: /status (HTML) and /api/v1/status (JSON). */
export function statusPageRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/status', {
    config: { public: true },
    schema: {
      tags: ['incidents'],
      summary: 'Data status: degraded assets, since when, the latest stakeholder update (no token needed)',
      security: [],
      querystring: query,
      response: {
        200: z.object({
          generatedAt: z.string(),
          filter: z.object({ domain: z.string().nullable(), asset: z.string().nullable() }),
          healthy: z.boolean(),
          degraded: z.array(
            z.object({
              asset: z.string(),
              domain: z.string().nullable(),
              since: z.string(),
              state: z.enum(['incident', 'alert', 'downstream']),
              via: z.string().nullable().describe('For downstream assets: the affected asset they read from'),
              incident: z
                .object({ id: z.string(), title: z.string(), severity: z.string(), status: z.string() })
                .nullable(),
              alerts: z.number(),
              latestUpdate: z
                .object({
                  at: z.string(),
                  status: z.string(),
                  impact: z.string(),
                  nextUpdateAt: z.string().nullable(),
                })
                .nullable(),
            }),
          ),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => dataStatus(deps.store.db, { ...request.query, now: deps.clock.now() }),
  });
  r.get('/status', {
    config: { public: true },
    schema: { hide: true, querystring: query },
    handler: async (request, reply) => {
      const status = await dataStatus(deps.store.db, { ...request.query, now: deps.clock.now() });
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'public, max-age=60')
        .send(renderStatusPage(status));
    },
  });
}
