import { ConfigError, loadConfig, type Config } from '../config.js';
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
