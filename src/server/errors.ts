import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  ERROR_CODES,
  type ErrorCode,
  type ErrorDetail,
  RateLimitedError,
} from '../domain/errors.js';

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof errorBody>;

export function errorPayload(
  code: ErrorCode,
  message: string,
  details?: ErrorDetail[],
  requestId?: string,
): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}), ...(requestId ? { requestId } : {}) } };
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
};

type ValidationIssue = {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: { keys?: string[] };
};

/** `/body/owner/0` → `body.owner[0]`: the path a person reads in a JSON document. */
function fieldPath(context: string | undefined, issue: ValidationIssue): string {
  const raw = (issue.instancePath ?? '').split('/').filter(Boolean);
  const parts = raw.map((p) =>
    typeof p === 'number' || /^\d+$/.test(String(p)) ? `[${String(p)}]` : `.${String(p)}`,
  );
  return `${context ?? 'body'}${parts.join('')}`;
}

/**
 * The one error handler: expected errors keep their code; anything else is logged with the
 * request id and answered 500 with no internals (no SQL, no stack, no driver text).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.status(error.status).send(errorPayload(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.flatMap((v) => {
        const issue = v as ValidationIssue;
        const path = fieldPath(error.validationContext, issue);
        // An unknown key is reported at the key itself, not at the object holding it.
        if (issue.keyword === 'unrecognized_keys' && issue.params?.keys?.length) {
          return issue.params.keys.map((k) => ({ path: `${path}.${k}`, message: 'is not a known field' }));
        }
        return [{ path, message: v.message ?? 'is invalid' }];
      });
      const list = [...new Set(details.map((d) => d.path))].join(', ');
      return reply.status(400).send(errorPayload('VALIDATION_FAILED', `invalid request: ${list}`, details));
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) {
      return reply.status(ERROR_CODES[mapped].status).send(errorPayload(mapped, error.message));
    }
    request.log.error({ err: error, reqId: request.id }, 'unexpected error');
    return reply
      .status(500)
      .send(
        errorPayload(
          'INTERNAL',
          `unexpected error; the server log has details under request id ${request.id}`,
          undefined,
          request.id,
        ),
      );
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(errorPayload('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}

/**
 * Errors Fastify raises before a route is matched (a broken %-escape in the path, a path segment
 * past maxParamLength) get the same coded body as every other answer instead of Fastify's own.
 */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a path segment is longer than the server accepts'
      : 'the URL holds an invalid %-escape';
  // No route matched, so no hook runs: the headers every other answer gets from helmet are set here.
  void reply
    .headers({
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    })
    .status(400)
    .send(errorPayload('VALIDATION_FAILED', message, [{ path: 'url', message }]));
}
