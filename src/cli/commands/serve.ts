import type { Command } from 'commander';
import { createVigil } from '../../app.js';
import { configOrExit, failStartup } from '../load.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the API, the worker and the UI in one process')
    .option('--no-worker', 'serve the API and UI only (scale workers separately)')
    .option('--worker-only', 'run the worker only, no HTTP (needs a shared PostgreSQL store to scale)')
    .action(async (opts: { worker: boolean; workerOnly?: boolean }) => {
      const config = configOrExit();
      const http = !opts.workerOnly;
      const vigil = await createVigil(config, {
        http,
        worker: opts.worker || opts.workerOnly === true,
      }).catch(failStartup);
      const out = process.stdout;
      if (vigil.initialAdminSecret) {
        out.write(
          `\nFirst start: an admin API token was created. It is shown this once:\n\n  ${vigil.initialAdminSecret}\n\n`,
        );
      }
      if (vigil.server) {
        const url = await vigil.server.listen({ host: config.server.host, port: config.server.port });
        out.write(`Vigil is running at ${url}  (API ${url}/api/v1, OpenAPI ${url}/api/v1/openapi.json)\n`);
      } else {
        out.write(`Vigil worker is running on the ${vigil.store.kind} store at ${vigil.store.location}\n`);
      }
      const shutdown = async (signal: string) => {
        vigil.log.info({ signal }, 'shutting down');
        await vigil.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
    });
}
