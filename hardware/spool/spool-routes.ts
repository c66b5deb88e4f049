import type { FastifyInstance } from 'fastify';
import {
  GATE_DISK_FULL,
  HandOverRequest,
  SpoolEntriesQuery,
  type HandOverResponse,
  type SpoolEntries,
} from '../../protocol/index.ts';
import { apiError } from '../service/api-error.ts';
import type { GateLogger } from '../service/gate-logger.ts';
import { isDiskFull } from './disk-full.ts';
import type { Forwarder } from './forwarder.ts';
import type { Spool } from './spool.ts';

// A kiosk handing over what it held through an outage sends up to 500 records at once.
const BODY_LIMIT = 8 * 1024 * 1024;

/**
 * The kiosk's side of the spool: `POST /spool/entries` hands entries over (answered once they are
 * on the gate's disk), `GET /spool/entries?since=` reads the day's log back, `GET /spool/status`
 * says how the road to the server stands (also pushed on the event stream).
 */
export function registerSpoolRoutes(
  app: FastifyInstance,
  deps: { spool: Spool; forwarder: Forwarder; logger: GateLogger; now: () => Date },
): void {
  const { spool, forwarder, logger, now } = deps;

  app.post('/spool/entries', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const body = HandOverRequest.safeParse(request.body);
    if (!body.success) return apiError(reply, 400, 'invalid-entries', 'expected { entries: [1 to 500 entry records] }');
    let results: HandOverResponse['results'];
    try {
      results = spool.keep(body.data.entries, now());
    } catch (error) {
      logger.error(`spool: could not keep ${body.data.entries.length} entries: ${(error as Error).message}`);
      if (isDiskFull(error))
        return apiError(reply, 503, GATE_DISK_FULL, "the gate's disk is full: it cannot save entries until space is freed");
      return apiError(reply, 503, 'spool-failed', `the gate could not write its spool: ${(error as Error).message}`);
    }
    forwarder.kick();
    const answer: HandOverResponse = { results, status: forwarder.status() };
    return answer;
  });

  app.get('/spool/entries', async (request, reply) => {
    const query = SpoolEntriesQuery.safeParse(request.query);
    if (!query.success) return apiError(reply, 400, 'invalid-query', 'expected ?since=<ISO instant with its offset>');
    try {
      const answer: SpoolEntries = { entries: spool.since(new Date(query.data.since)) };
      return answer;
    } catch (error) {
      logger.error(`spool: could not read it: ${(error as Error).message}`);
      return apiError(reply, 503, 'spool-unreadable', `the gate could not read its spool: ${(error as Error).message}`);
    }
  });

  app.get('/spool/status', async () => forwarder.status());
}
