import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** Repositories take either the database or an open transaction, so services compose them. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** jsonb values are sent as JSON text: both drivers accept it and none guesses wrong. */
export const json = (value: unknown): string => JSON.stringify(value ?? null);
