import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(a: string, b: string): boolean {
  // Hashed first so the comparison takes the same time whatever the lengths.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * Who may read /metrics: a scraper with the monitoring token (`Authorization: Bearer …`,
 * CHECKPOINT_METRICS_TOKEN), or, with no token configured, a process on this machine. A request
 * a reverse proxy forwarded also arrives from loopback, so one carrying forwarding headers is
 * never taken for local: behind a proxy, set a token.
 */
export function monitorAllowed(request: FastifyRequest, token: string | null | undefined): boolean {
  const header = request.headers.authorization;
  if (token) return typeof header === 'string' && header.startsWith('Bearer ') && sameSecret(header.slice(7), token);
  const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return !forwarded && LOOPBACK.has(request.socket.remoteAddress ?? '');
}
