import type { Command } from 'commander';
import { type Role, ROLES } from '../../domain/roles.js';
import { createApiToken, toApiTokenView } from '../../services/create-api-token.js';
import { revokeApiToken } from '../../services/revoke-api-token.js';
import { listApiTokens } from '../../store/repositories/api-tokens.js';
import { CLI_ACTOR, EXIT_ERROR, withVigil } from '../load.js';

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
