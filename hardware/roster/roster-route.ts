import type { FastifyInstance, FastifyReply } from 'fastify';
import { apiError } from '../service/api-error.ts';
import { callServer, type UplinkAnswer, type UplinkOptions } from '../spool/uplink.ts';
import type { RosterCache } from './roster-cache.ts';

/**
 * `GET /uplink/roster`: the server's roster for this gate, with the kiosk's `If-None-Match` passed
 * through. Each roster the server sends is cached on the gate's disk and served while the server
 * cannot be reached, so a kiosk that lost its storage offline can still sign a guard in and screen.
 */
export function registerRosterRoute(
  app: FastifyInstance,
  deps: { uplink: UplinkOptions; rosterCache: RosterCache; now: () => Date },
): void {
  app.get('/uplink/roster', async (request, reply) => {
    const header = request.headers['if-none-match'];
    const ifNoneMatch = typeof header === 'string' ? header : undefined;
    const answer = await callServer(deps.uplink, { method: 'GET', path: '/api/v1/roster', ifNoneMatch });
    if (answer.ok && answer.status === 200) await deps.rosterCache.save(answer.body, answer.etag, deps.now());
    if (!answer.ok) {
      const cached = await deps.rosterCache.load();
      if (cached) {
        // The kiosk can tell from the roster's own generatedAt how old it is; the header says why.
        void reply.header('x-checkpoint-roster', `cached ${cached.savedAt}`);
        if (cached.etag) void reply.header('etag', cached.etag);
        if (cached.etag !== null && cached.etag === ifNoneMatch) return reply.code(304).send();
        return reply.code(200).type('application/json; charset=utf-8').send(cached.body);
      }
    }
    return relay(reply, answer);
  });
}

/** The server's answer passed back as it came; 502 `server-unreachable` when there was none. */
function relay(reply: FastifyReply, answer: UplinkAnswer): FastifyReply {
  if (!answer.ok) return apiError(reply, 502, 'server-unreachable', answer.message);
  if (answer.etag) void reply.header('etag', answer.etag);
  if (answer.status === 304) return reply.code(304).send();
  return reply
    .code(answer.status)
    .type(answer.contentType ?? 'application/octet-stream')
    .send(answer.body);
}
