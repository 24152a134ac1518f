import { z } from 'zod';
import { channelBaseFields, httpUrl, secret } from '../channel-base.js';
import { makeNotifier, postJson } from '../delivery.js';
import type { ChannelDefinition } from '../notifier.js';
import { webhookPayload } from './webhook-payload.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.js';

/** Headers Vigil sets itself; a user header may not replace them. */
const RESERVED =
  /^(host|content-length|content-type|transfer-encoding|connection|idempotency-key|x-vigil-.*)$/i;

const headerMap = z
  .record(
    z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid header name'),
    z
      .string()
      .max(4000)
      .regex(/^[^\r\n]*$/, 'a header value may not contain a line break'),
  )
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (RESERVED.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `${name} is set by Vigil and cannot be changed`,
        });
      }
    }
  });

/** A generic HTTPS endpoint that receives Vigil's versioned JSON body, signed with HMAC-SHA256. */
export const webhookConfigSchema = z
  .object({
    kind: z.literal('webhook'),
    url: secret(httpUrl),
    /** HMAC key for X-Vigil-Signature; without it requests go unsigned. */
    secret: secret(z.string().min(16, 'must be at least 16 characters')).optional(),
    /** Extra headers (Authorization …); secret because they usually carry credentials. */
    headers: secret(headerMap).optional(),
    /** Follow up to 3 redirects (307/308 only, each address re-checked); off by default. */
    followRedirects: z.boolean().default(false),
    ...channelBaseFields,
  })
  .strict();
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const webhookChannel: ChannelDefinition<WebhookConfig> = {
  kind: 'webhook',
  label: 'Webhook',
  schema: webhookConfigSchema,
  secretFields: ['url', 'secret', 'headers'],
  targets: (config) => [{ field: 'url', url: config.url }],
  create: (config, deps) =>
    makeNotifier({
      kind: 'webhook',
      deps,
      channelName: config.name,
      send: (message, options) => {
        const body = JSON.stringify(webhookPayload(message, config.templates));
        const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
        const headers: Record<string, string> = {
          ...config.headers,
          'Idempotency-Key': message.idempotencyKey,
          'X-Vigil-Event': message.kind,
          [TIMESTAMP_HEADER]: String(timestamp),
        };
        if (config.secret) headers[SIGNATURE_HEADER] = signWebhook(config.secret, timestamp, body);
        return postJson({
          service: 'Webhook',
          url: config.url,
          body,
          headers,
          deps,
          timeoutMs: config.timeoutMs,
          secrets: [config.url, config.secret, ...Object.values(config.headers ?? {})],
          signal: options.signal,
          maxRedirects: config.followRedirects ? 3 : 0,
          // The configured headers stay with the configured origin; Vigil's own protocol headers
          // follow, so the final receiver can still verify (the signature does not reveal the secret).
          keepAcrossOrigins: ['Idempotency-Key', 'X-Vigil-Event', TIMESTAMP_HEADER, SIGNATURE_HEADER],
        });
      },
    }),
};
