import { countApiTokens } from '../store/repositories/api-tokens.js';
import type { ServiceContext } from './context.js';
import { createApiToken } from './create-api-token.js';

/**
 * On first start with an empty store there is no way in, so Vigil makes one admin token: the
 * configured VIGIL_ADMIN_TOKEN, or a random one returned so the caller prints it once.
 */
export async function ensureAdminToken({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { configured?: string | undefined };
}) {
  if ((await countApiTokens(ctx.store.db)) > 0) return { created: false as const };
  const { token, secret } = await createApiToken({
    ctx,
    input: { name: 'initial admin', role: 'admin', secret: input.configured },
  });
  return { created: true as const, token, secret: input.configured ? undefined : secret };
}
