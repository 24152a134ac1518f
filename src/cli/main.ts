import { Command } from 'commander';
import { VERSION } from '../app.js';
import { applyCommand } from './commands/apply.js';
import { backtestCommand } from './commands/backtest.js';
import { checkCommand } from './commands/check.js';
import { demoCommand } from './commands/demo.js';
import { discoverCommand } from './commands/discover.js';
import { importCommand } from './commands/import-dbt.js';
import { gateCommand } from './commands/gate.js';
import { maintenanceCommand } from './commands/maintenance.js';
import { migrateCommand } from './commands/migrate.js';
import { postmortemCommand } from './commands/postmortem.js';
import { serveCommand } from './commands/serve.js';
import { sloCommand } from './commands/slo.js';
import { tokenCommand } from './commands/token.js';
import { keepNewFilesPrivate } from '../store/private-files.js';

// Everything Vigil writes (the embedded store, the secret key, the demo warehouse) is its own
// data: private to the account running it, whatever umask the shell or service unit set.
keepNewFilesPrivate();

const program = new Command()
  .name('vigil')
  .description('Vigil: data reliability — detect, notify, resolve and learn from data incidents')
  .version(VERSION);

serveCommand(program);
demoCommand(program);
migrateCommand(program);
tokenCommand(program);
applyCommand(program);
checkCommand(program);
discoverCommand(program);
backtestCommand(program);
importCommand(program);
sloCommand(program);
gateCommand(program);
maintenanceCommand(program);
postmortemCommand(program);

await program.parseAsync(process.argv);
