import type { FastifyInstance } from 'fastify';
import type { FeverAlert } from '../../protocol/accounts.ts';
import { audit } from '../http/audit.ts';
import type { LiveEvents } from './live-events.ts';
import { roles, signedInUser } from '../http/route-access.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { gateIdsIn, requestScope } from '../org/scope.ts';

/** A comment line now and then keeps proxies and idle timeouts from closing a quiet stream. */
export const KEEPALIVE_MS = 25_000;

/**
 * `GET /api/v1/live/fevers`: Server-Sent Events, one `fever` event per fever entry ingested while
 * the console is open. Each alert shown is audited like any other view of personal data.
 */
export function registerLiveEventsRoutes(app: FastifyInstance, live: LiveEvents, db: Kysely<Database>): void {
  const streams = new Set<() => void>();
  // Open streams would keep app.close() waiting for ever.
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });

  app.get('/api/v1/live/fevers', { config: { access: roles('community', 'admin') } }, async (request, reply) => {
    const user = signedInUser(request);
    const scope = await requestScope(db, request, reply);
    if (!scope) return reply;
    // The gates in scope when the stream opened; a gate added later shows after a reload.
    const inScope = new Set((await gateIdsIn(db, scope).execute()).map((row) => row.id));
    await audit(request, 'live.fevers.open', {});
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(': connected\n\n');

    const send = (alert: FeverAlert) => {
      if (!inScope.has(alert.entry.gateId)) return;
      raw.write(`event: fever\nid: ${alert.entry.id}\ndata: ${JSON.stringify(alert)}\n\n`);
      audit(request, 'live.fever.shown', { entryId: alert.entry.id }).catch((error: unknown) =>
        request.log.error({ err: error, userId: user.id }, 'audit of a live fever failed'),
      );
    };
    const unsubscribe = live.subscribe(send);
    const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
    const end = () => {
      clearInterval(keepalive);
      unsubscribe();
      streams.delete(end);
      if (!raw.writableEnded) raw.end();
    };
    streams.add(end);
    request.raw.on('close', end);
  });
}
