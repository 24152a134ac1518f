import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorBody } from './errors.js';

/** The error answers every authenticated route can give, so each route's OpenAPI lists them. */
export const commonErrors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  500: errorBody,
} as const;

export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();
