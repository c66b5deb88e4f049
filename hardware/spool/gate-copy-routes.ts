import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  GateCopyLookup,
  GateCopyRequest,
  type GateCopyEntries,
  type GateCopyIds,
  type GateCopyReceipt,
} from '../../protocol/index.ts';
import { apiError } from '../service/api-error.ts';
import type { GateCopy } from './gate-copy.ts';
import type { GateLogger } from '../service/gate-logger.ts';

// A 500-record catch-up (restore) batch runs to several hundred kilobytes.
const BODY_LIMIT = 8 * 1024 * 1024;

/**
 * The kiosk's side of the gate copy: `POST /journal-copy` as it logs each entry, and
 * `GET /journal-copy/ids` + `POST /journal-copy/lookup` when it starts, to take back whatever its
 * journal is missing.
 */
export function registerGateCopyRoutes(app: FastifyInstance, copy: GateCopy, logger: GateLogger, now: () => Date): void {
  app.post('/journal-copy', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const body = GateCopyRequest.safeParse(request.body);
    if (!body.success)
      return apiError(reply, 400, 'invalid-entries', body.error.issues[0]?.message ?? 'expected { entries: EntryRecord[] }');
    try {
      const receipt: GateCopyReceipt = { kept: copy.keep(body.data.entries, now()) };
      return receipt;
    } catch (error) {
      logger.error(`journal copy: could not keep ${body.data.entries.length} entries: ${(error as Error).message}`);
      return apiError(reply, 503, 'copy-failed', `the gate could not keep its copy: ${(error as Error).message}`);
    }
  });

  app.get('/journal-copy/ids', async (_request, reply) => {
    try {
      const answer: GateCopyIds = { ids: copy.ids() };
      return answer;
    } catch (error) {
      return unreadable(reply, error);
    }
  });

  app.post('/journal-copy/lookup', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const body = GateCopyLookup.safeParse(request.body);
    if (!body.success) return apiError(reply, 400, 'invalid-ids', body.error.issues[0]?.message ?? 'expected { ids: string[] }');
    try {
      const answer: GateCopyEntries = { entries: copy.lookup(body.data.ids) };
      return answer;
    } catch (error) {
      return unreadable(reply, error);
    }
  });

  function unreadable(reply: FastifyReply, error: unknown): FastifyReply {
    logger.error(`journal copy: could not read it: ${(error as Error).message}`);
    return apiError(reply, 503, 'copy-unreadable', `the gate could not read its copy: ${(error as Error).message}`);
  }
}
