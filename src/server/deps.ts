import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { ServiceContext } from '../services/context.js';
import type { RunMonitorDeps } from '../services/run-monitor.js';
import type { SourceCatalog } from '../services/source-catalog.js';
import type { NotifierDeps } from '../notify/index.js';
import type { Store } from '../store/database.js';
import type { SecretBox } from '../store/secret-box.js';
import { requireActor } from './auth.js';
import type { LoadLimits } from './load-shedding.js';

/** What the HTTP app is built from; app.ts (the composition root) assembles it. */
export interface ServerDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  secrets: SecretBox;
  config: Config;
  version: string;
  /** Folder of the built web UI, served at `/` when present. */
  webRoot?: string | undefined;
  /** Runs monitors on demand ("run now"); absent where no sources are wired. */
  runner?: RunMonitorDeps | undefined;
  /** The engines sources may use; validates their fields and marks secrets. */
  catalog?: SourceCatalog | undefined;
  /** Load-shedding limits; defaults in load-shedding.ts (tests lower them). */
  load?: Partial<LoadLimits> | undefined;
  /** Outbound policy (SSRF guard) and defaults for notification channels. */
  notify?: Omit<NotifierDeps, 'clock'> | undefined;
}

export function contextFor(deps: ServerDeps, request: FastifyRequest): ServiceContext {
  return {
    store: deps.store,
    clock: deps.clock,
    log: request.log,
    secrets: deps.secrets,
    outbound: deps.notify?.policy,
    actor: requireActor(request),
    requestId: request.id,
  };
}
