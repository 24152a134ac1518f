import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import { z } from 'zod';
import { channelBaseFields, secret } from '../channel-base.js';
import { makeNotifier, scrubSecrets } from '../delivery.js';
import type { ChannelDefinition, DeliveryResult } from '../notifier.js';
import { DEFAULT_TIMEOUT_MS } from '../notifier.js';
import { resolveHost } from '../ssrf-guard.js';
import { emailContent } from './email-render.js';

/** Email over SMTP. The host goes through the same SSRF guard as URLs, and is connected to by address. */
export const emailConfigSchema = z
  .object({
    kind: z.literal('email'),
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(587),
    /** starttls: plain connect then STARTTLS, required; tls: TLS from the start (465); none: no TLS. */
    security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
    /** Turn off only for a relay with a self-signed certificate you trust. */
    verifyCertificate: z.boolean().default(true),
    username: z.string().max(255).optional(),
    password: secret(z.string().max(1000)).optional(),
    from: z.string().min(3).max(320),
    to: z.array(z.email()).min(1).max(100),
    cc: z.array(z.email()).max(100).optional(),
    subjectPrefix: z.string().max(50).default('[Vigil]'),
    ...channelBaseFields,
  })
  .strict();
export type EmailConfig = z.infer<typeof emailConfigSchema>;

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

const NETWORK_CODES = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET']);

/** SMTP says it the other way round from HTTP: 4yz is "try later", 5yz is final (except 503). */
function smtpFailure(err: SmtpError, timeoutMs: number, secrets: Array<string | undefined>): DeliveryResult {
  const text = (message: string) => scrubSecrets(`SMTP: ${message}`, secrets);
  if (typeof err.responseCode === 'number') {
    const retryable = (err.responseCode >= 400 && err.responseCode < 500) || err.responseCode === 503;
    return {
      ok: false,
      retryable,
      status: err.responseCode,
      code: 'rejected',
      error: text(err.message ?? `server answered ${err.responseCode}`),
    };
  }
  if (err.code === 'ETIMEDOUT') {
    return { ok: false, retryable: true, code: 'timeout', error: text(`no answer within ${timeoutMs} ms`) };
  }
  if (err.code && NETWORK_CODES.has(err.code)) {
    return { ok: false, retryable: true, code: 'network', error: text(err.message ?? err.code) };
  }
  if (err.code === 'EABORT')
    return { ok: false, retryable: true, code: 'aborted', error: text('delivery aborted') };
  // Authentication, TLS and configuration errors repeat until someone edits the channel.
  return { ok: false, retryable: false, code: 'rejected', error: text(err.message ?? 'sending failed') };
}

/** Message-ID from the idempotency key: a retry after a crash carries the same id, so clients fold it. */
function messageId(key: string): string {
  return `<${key.replace(/[^A-Za-z0-9._-]/g, '_')}@vigil>`;
}

export const emailChannel: ChannelDefinition<EmailConfig> = {
  kind: 'email',
  label: 'Email',
  schema: emailConfigSchema,
  secretFields: ['password'],
  targets: (config) => [{ field: 'host', host: config.host }],
  create: (config, deps) =>
    makeNotifier({
      kind: 'email',
      deps,
      channelName: config.name,
      send: async (message, options) => {
        const timeoutMs = config.timeoutMs ?? deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const secrets = [config.password];
        const target = await resolveHost(config.host, deps.policy);
        if (!target.ok) {
          return {
            ok: false,
            retryable: false,
            code: 'refused',
            error: `SMTP: address refused: ${target.reason}`,
          };
        }
        const transport = createTransport({
          host: target.address,
          port: config.port,
          secure: config.security === 'tls',
          requireTLS: config.security === 'starttls',
          ignoreTLS: config.security === 'none',
          // Certificates are checked against the configured name, though the socket goes to the address.
          tls: {
            ...(isIP(config.host) ? {} : { servername: config.host }),
            rejectUnauthorized: config.verifyCertificate,
          },
          ...(config.username ? { auth: { user: config.username, pass: config.password ?? '' } } : {}),
          connectionTimeout: timeoutMs,
          greetingTimeout: timeoutMs,
          socketTimeout: timeoutMs,
          socketCloseTimeout: 0,
        });
        const content = emailContent(message, {
          templates: config.templates,
          subjectPrefix: config.subjectPrefix,
        });
        try {
          const info = await transport.sendMail({
            from: config.from,
            to: config.to,
            ...(config.cc ? { cc: config.cc } : {}),
            subject: content.subject,
            text: content.text,
            html: content.html,
            messageId: messageId(message.idempotencyKey),
            headers: { 'X-Vigil-Event': message.kind, 'X-Vigil-Idempotency-Key': message.idempotencyKey },
            ...(options.signal ? { signal: options.signal } : {}),
          });
          const status = Number(/^(\d{3})/.exec(String(info.response ?? '250'))?.[1] ?? 250);
          return { ok: true, status, reference: info.messageId };
        } catch (err) {
          return smtpFailure(err as SmtpError, timeoutMs, secrets);
        } finally {
          transport.close();
        }
      },
    }),
};
