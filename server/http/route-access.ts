import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { UserRole } from '../../protocol/review.ts';
import { sendApiError } from './api-errors.ts';
import type { Database } from '../db/schema.ts';
import { authenticateDevice } from '../accounts/devices.ts';
import type { AuthenticatedDevice } from '../gates/ingest.ts';
import { findSessionUser, type SignedInUser } from '../accounts/sessions.ts';
import { isTopScope } from '../org/scope.ts';
import { monitorAllowed } from '../operations/monitor-access.ts';

export const SESSION_COOKIE = 'cp_session';

/**
 * Who may call a route, declared on the route itself (`config: { access }`) and checked by one
 * hook before the body is even parsed. A route that declares nothing is refused to everyone, so a
 * forgotten declaration fails closed, and the route table test (route-access.test.ts) walks every
 * registered route to prove each one answers 401/403 to the wrong caller.
 */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'device' }
  /** `topOnly`: server-wide settings, for users at the top of the organisation tree. */
  | { kind: 'user'; roles: readonly UserRole[]; topOnly?: boolean }
  /** Monitoring (/metrics): the monitoring token, or loopback when none is set (operations/monitor-access.ts). */
  | { kind: 'monitor' };

export const ALL_ROLES: readonly UserRole[] = ['guard', 'property', 'community', 'admin'];

export const PUBLIC: RouteAccess = { kind: 'public' };
export const DEVICE: RouteAccess = { kind: 'device' };
export const MONITOR: RouteAccess = { kind: 'monitor' };
export function roles(...allowed: UserRole[]): RouteAccess {
  return { kind: 'user', roles: allowed };
}
/** Admins at the top of the tree: settings that are the whole server's (retention, backups). */
export const TOP_ADMIN: RouteAccess = { kind: 'user', roles: ['admin'], topOnly: true };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Set by the access hook on user routes. */
    user: SignedInUser | null;
    /** Set by the access hook on device routes. */
    device: AuthenticatedDevice | null;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

/** The signed-in user of a user route (the hook has already refused everyone else). */
export function signedInUser(request: FastifyRequest): SignedInUser {
  if (!request.user) throw new Error(`${request.method} ${request.url}: no user; does the route declare access roles(...)?`);
  return request.user;
}

/** The device of a device route. */
export function authenticatedDevice(request: FastifyRequest): AuthenticatedDevice {
  if (!request.device) throw new Error(`${request.method} ${request.url}: no device; does the route declare access DEVICE?`);
  return request.device;
}

async function checkAccess(
  db: Kysely<Database>,
  now: () => Date,
  monitorToken: string | null | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  if (request.is404) return undefined;
  const access = request.routeOptions.config.access;
  if (!access) {
    request.log.error({ url: request.routeOptions.url }, 'route declares no access: refused');
    return sendApiError(reply, 403, 'no-access-rule', 'this route declares no access rule');
  }
  if (access.kind === 'public') return undefined;
  if (access.kind === 'monitor')
    return monitorAllowed(request, monitorToken)
      ? undefined
      : sendApiError(reply, 401, 'monitor-unauthorized', 'metrics need the monitoring token, or a request from this machine');
  if (access.kind === 'device') {
    const at = now();
    request.device = await authenticateDevice(db, request.headers.authorization, at.toISOString());
    if (!request.device) return sendApiError(reply, 401, 'device-unauthorized', 'missing, unknown or revoked device token');
    return undefined;
  }
  const user = await findSessionUser(db, request.cookies[SESSION_COOKIE], now());
  if (!user) return sendApiError(reply, 401, 'not-signed-in', 'sign in first');
  if (!access.roles.includes(user.role)) return sendApiError(reply, 403, 'forbidden', `the role ${user.role} may not do this`);
  if (access.topOnly && !isTopScope(user.scope))
    return sendApiError(
      reply,
      403,
      'outside-scope',
      'this is a setting of the whole server, for the top of the organisation tree',
    );
  request.user = user;
  return undefined;
}

/**
 * Installs the access hook and returns the live list of routes registered after it, with what
 * each declares (the route table test reads it).
 */
export function installRouteAccess(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; now: () => Date; monitorToken?: string | null },
): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.decorateRequest('user', null);
  app.decorateRequest('device', null);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // Read when asked: a plugin's own onRoute hook (the console's files) may declare access after this one ran.
    for (const method of methods) {
      routes.push({
        method,
        url: route.url,
        get access() {
          return route.config?.access;
        },
      });
    }
  });
  app.addHook('onRequest', (request, reply) => checkAccess(deps.db, deps.now, deps.monitorToken, request, reply));
  return routes;
}
