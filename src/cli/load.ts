import { createVigil, type Vigil } from '../app.js';
import { type Config, ConfigError, loadConfig } from '../config.js';
import type { Actor } from '../domain/roles.js';
import { StoreOpenError } from '../store/database.js';

/** Exit codes the CLI keeps: 1 a check failed, 2 an error (bad config, store down). */
export const EXIT_ERROR = 2;

export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`vigil: ${error.message}\n`);
      process.exit(EXIT_ERROR);
    }
    throw error;
  }
}

/** Prints a known start-up failure as one readable line; anything else keeps its stack. */
export function failStartup(error: unknown): never {
  const known =
    error instanceof StoreOpenError ||
    (error instanceof Error && /another Vigil process/.test(error.message));
  process.stderr.write(
    `vigil: ${known ? (error as Error).message : ((error as Error)?.stack ?? String(error))}\n`,
  );
  process.exit(EXIT_ERROR);
}

/** Whoever holds the machine's shell is an admin; the audit trail names them as the CLI. */
export const CLI_ACTOR: Actor = {
  kind: 'user',
  id: 'cli',
  name: process.env.USER ? `cli:${process.env.USER}` : 'cli',
  role: 'admin',
};

/** Opens Vigil without HTTP or worker for one command, and closes it after. */
export async function withVigil<T>(work: (v: Vigil) => Promise<T>): Promise<T> {
  const vigil = await createVigil(configOrExit(), { http: false, worker: false }).catch(failStartup);
  try {
    return await work(vigil);
  } finally {
    await vigil.close();
  }
}
