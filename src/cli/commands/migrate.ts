import type { Command } from 'commander';
import { openStore } from '../../store/database.js';
import { configOrExit, failStartup } from '../load.js';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending store migrations and exit (serve also does this on start)')
    .action(async () => {
      const config = configOrExit();
      const store = await openStore({
        databaseUrl: config.store.databaseUrl,
        dataDir: config.store.dataDir,
      }).catch(failStartup);
      try {
        const applied = await store.migrate();
        process.stdout.write(
          applied.length ? `applied: ${applied.join(', ')}\n` : 'the store is up to date\n',
        );
      } finally {
        await store.close();
      }
    });
}
