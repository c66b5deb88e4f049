import type { FastifyInstance } from 'fastify';
import { sendApiError } from './api-errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route refuses NUL text itself, record by record (ingest), instead of the whole body. */
    nulTextPerRecord?: boolean;
  }
}

/**
 * PostgreSQL's text cannot hold U+0000 (it fails the whole statement, so one such record would
 * fail its batch on every retry and stall the outbox behind it), and no name, reason or scan
 * needs it. Answers the path of the first string holding one, for the record's refusal.
 */
export function nulTextPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'record' : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nulTextPath(item, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses a JSON body with U+0000 in any string, on every route and both databases alike: a 400
 * naming the field, where PostgreSQL would have failed the statement with a 500 and SQLite stored it.
 */
export function installNulTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.config.nulTextPerRecord || typeof request.body !== 'object' || request.body === null) return;
    const path = nulTextPath(request.body);
    if (path) return sendApiError(reply, 400, 'nul-text', `${path}: the NUL character (U+0000) is not allowed in text`);
  });
}
