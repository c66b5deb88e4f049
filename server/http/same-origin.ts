import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendApiError } from './api-errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends the session cookie with every request to this server, whichever site made it;
 * SameSite=Strict and JSON-only bodies already stop most forgeries, and this check stops the rest:
 * a request that changes something must come from a page of this server. Browsers name the page
 * in `Origin` (or at least `Sec-Fetch-Site`) on every such request; a client that sends neither
 * is not a browser, so it holds no victim's cookie. Device routes carry a bearer token, not a
 * cookie, and are not checked.
 */
export function sameOrigin(request: FastifyRequest, publicOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false;
    }
    if (publicOrigins.has(parsed.origin)) return true;
    try {
      // Read the Host the way the Origin was read, so `localhost:80` and `http://localhost` agree.
      return parsed.host === new URL(`${parsed.protocol}//${request.headers.host ?? ''}`).host;
    } catch {
      return false;
    }
  }
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

export function installSameOriginCheck(app: FastifyInstance, publicOrigins: ReadonlySet<string>): void {
  app.addHook('onRequest', async (request, reply) => {
    if (SAFE_METHODS.has(request.method) || request.is404) return;
    if (request.routeOptions.config.access?.kind === 'device') return;
    if (sameOrigin(request, publicOrigins)) return;
    request.log.warn({ origin: request.headers.origin, site: request.headers['sec-fetch-site'] }, 'cross-origin write refused');
    return sendApiError(reply, 403, 'cross-origin', 'a page of another site may not change anything on this server');
  });
}
