import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Clock } from './domain/clock.js';
import { SYSTEM_ACTOR } from './domain/roles.js';
import { createLogger } from './logger.js';
import { build } from './server/app.js';
import type { ServiceContext } from './services/context.js';
import { ensureAdminToken } from './services/ensure-admin-token.js';
import { openStore, type Store } from './store/database.js';
import { createSecretBox, loadSecretKey, type SecretBox } from './store/secret-box.js';
import { createSourceCatalog, type SourceCatalog } from './services/source-catalog.js';
import { SourceProvider } from './services/source-provider.js';
import type { RunMonitorDeps } from './services/run-monitor.js';
import type { SourceDefinition } from './sources/definition.js';
import { SOURCE_KINDS, sourceDefinition } from './sources/registry.js';
import { outboundPolicy } from './notify/index.js';
import { airflowJob } from './worker/airflow-job.js';
import { usageJob } from './worker/usage-job.js';
import { digestJob } from './worker/digest-job.js';
import { heartbeatJob } from './worker/heartbeat-job.js';
import { sloJob } from './worker/slo-job.js';
import { incidentJob } from './worker/incident-job.js';
import { notificationJob } from './worker/notification-job.js';
import { purgeJob } from './worker/purge-job.js';
import { DEFAULT_SCHEDULER, schedulerJob } from './worker/scheduler.js';
import { type Job, startWorker, type Worker } from './worker/worker.js';

/**
 * The one composition root: builds the store, clock, logger and secret box from the config and
 * wires the server and the worker. Nothing else reads the config or the environment.
 */
export const systemClock: Clock = { now: () => new Date() };

const packageRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export const VERSION: string = (
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;

export interface Vigil {
  config: Config;
  store: Store;
  log: Logger;
  clock: Clock;
  secrets: SecretBox;
  systemContext: ServiceContext;
  catalog: SourceCatalog;
  runner: RunMonitorDeps;
  server?: FastifyInstance;
  worker?: Worker;
  /** Set on a store's first start: the admin token to print once. */
  initialAdminSecret?: string | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  http?: boolean;
  worker?: boolean;
  clock?: Clock;
  log?: Logger;
  /** Let tests use an in-memory embedded store. */
  memoryStore?: boolean;
  /** Jobs run before the built-in ones on every turn (the demo's pipeline). */
  jobs?: Job[];
  /** False: the worker runs only when `tick()` is called (tests that move a ManualClock). */
  autostartWorker?: boolean;
}

export async function createVigil(config: Config, opts: StartOptions = {}): Promise<Vigil> {
  const log = opts.log ?? createLogger(config.log.level);
  const clock = opts.clock ?? systemClock;
  const store = await openStore({
    databaseUrl: config.store.databaseUrl,
    dataDir: opts.memoryStore ? 'memory' : config.store.dataDir,
  });
  try {
    await store.migrate();
    const secrets = createSecretBox(
      loadSecretKey(config.security.secretKey, join(config.store.dataDir, 'secret.key')),
    );
    // One guard for every request Vigil sends out: channels, HTTP sources, the Airflow poll.
    const outbound = outboundPolicy({ allowCidrs: config.security.allowOutboundCidrs });
    const systemContext: ServiceContext = { store, clock, log, actor: SYSTEM_ACTOR, secrets, outbound };
    const catalog = createSourceCatalog(
      SOURCE_KINDS.map((k) => sourceDefinition(k) as SourceDefinition),
      { outbound },
    );
    const sources = new SourceProvider(catalog.factory, secrets);
    const vigilRef: { current?: Vigil } = {};
    const runner: RunMonitorDeps = {
      sources,
      timeoutMs: DEFAULT_SCHEDULER.timeoutMs,
      // Alert changes kick the notification job, so a page goes out without waiting for a poll.
      onAlertChange: () => vigilRef.current?.worker?.kick('notifications'),
      workerId: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    };
    const notify = {
      policy: outbound,
      timeoutMs: 10_000,
      ...(config.server.publicUrl ? { publicUrl: config.server.publicUrl } : {}),
    };
    const admin = await ensureAdminToken({
      ctx: systemContext,
      input: { configured: config.security.adminToken },
    });
    const vigil: Vigil = {
      config,
      store,
      log,
      clock,
      secrets,
      systemContext,
      catalog,
      runner,
      initialAdminSecret: admin.created ? admin.secret : undefined,
      async close() {
        await vigil.server?.close();
        await vigil.worker?.stop();
        await sources.closeAll();
        await store.close();
      },
    };
    vigilRef.current = vigil;
    if (opts.http !== false) {
      vigil.server = await build({
        store,
        clock,
        log,
        secrets,
        config,
        version: VERSION,
        webRoot: join(packageRoot, 'web', 'dist'),
        runner,
        catalog,
        notify,
      });
    }
    if (opts.worker !== false) {
      vigil.worker = startWorker(
        systemContext,
        [
          ...(opts.jobs ?? []),
          schedulerJob({ ...DEFAULT_SCHEDULER, ...runner }),
          notificationJob({ secrets, notifier: notify }),
          heartbeatJob(),
          sloJob(() => vigilRef.current?.worker?.kick('notifications')),
          digestJob(),
          incidentJob(),
          airflowJob(),
          usageJob(sources),
          purgeJob(config.trash.retentionDays),
        ],
        { autostart: opts.autostartWorker !== false },
      );
    }
    return vigil;
  } catch (error) {
    await store.close();
    throw error;
  }
}
