import type { Command } from 'commander';
import { createVigil } from '../../app.js';
import { type Role, ROLES, type Actor } from '../../domain/roles.js';
import { createApiToken, toApiTokenView } from '../../services/create-api-token.js';
import { revokeApiToken } from '../../services/revoke-api-token.js';
import { listApiTokens } from '../../store/repositories/api-tokens.js';
import { configOrExit, EXIT_ERROR, failStartup } from '../load.js';

/** Whoever holds the machine's shell is an admin; the audit trail names them as the CLI. */
const CLI_ACTOR: Actor = {
  kind: 'user',
  id: 'cli',
  name: process.env.USER ? `cli:${process.env.USER}` : 'cli',
  role: 'admin',
};

async function withVigil<T>(work: (v: Awaited<ReturnType<typeof createVigil>>) => Promise<T>): Promise<T> {
  const vigil = await createVigil(configOrExit(), { http: false, worker: false }).catch(failStartup);
  try {
    return await work(vigil);
  } finally {
    await vigil.close();
  }
}

export function tokenCommand(program: Command): void {
  const token = program.command('token').description('Manage API tokens');
  token
    .command('create')
    .description('Create a token and print its secret once')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .requiredOption('--name <name>', 'what the token is for, e.g. "airflow gate"')
    .action(async (opts: { role: string; name: string }) => {
      if (!ROLES.includes(opts.role as Role)) {
        process.stderr.write(`vigil: --role must be one of ${ROLES.join(', ')} (got "${opts.role}")\n`);
        process.exit(EXIT_ERROR);
      }
      await withVigil(async (v) => {
        const { token: t, secret } = await createApiToken({
          ctx: { ...v.systemContext, actor: CLI_ACTOR },
          input: { name: opts.name, role: opts.role as Role },
        });
        process.stdout.write(`${secret}\n`);
        process.stderr.write(
          `created ${t.role} token "${t.name}" (${t.id}); the secret above is not shown again\n`,
        );
      });
    });
  token
    .command('list')
    .description('List tokens (never their secrets)')
    .action(() =>
      withVigil(async (v) => {
        for (const t of (await listApiTokens(v.store.db)).map(toApiTokenView)) {
          process.stdout.write(
            `${t.id}  ${t.role.padEnd(9)} ${t.prefix}…  ${t.name}${t.revokedAt ? '  (revoked)' : ''}\n`,
          );
        }
      }),
    );
  token
    .command('revoke <id>')
    .description('Revoke a token')
    .action((id: string) =>
      withVigil(async (v) => {
        const t = await revokeApiToken({ ctx: { ...v.systemContext, actor: CLI_ACTOR }, input: { id } });
        process.stdout.write(`revoked ${t.id} "${t.name}"\n`);
      }),
    );
}
