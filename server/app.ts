import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { existsSync } from 'node:fs';
import type { RequestListener, Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import type { AppDeps } from './app-deps.ts';
import { sendApiError } from './http/api-errors.ts';
import { allowedHostNames, installHostAllowList } from './http/host-allow-list.ts';
import { installSameOriginCheck } from './http/same-origin.ts';
import { BUSY_RETRY_AFTER_S, isDatabaseBusy } from './db/busy-errors.ts';
import { DISK_FULL_RETRY_AFTER_S, isDiskFull } from './db/disk-full.ts';
import { installNulTextGuard } from './http/nul-text.ts';
import { registerAuditRoutes } from './http/audit-routes.ts';
import { installAudit } from './http/audit.ts';
import { registerGateRoutes } from './gates/gate-routes.ts';
import { registerDevicesRoutes } from './accounts/devices-routes.ts';
import { registerEntriesRoutes } from './review/entries-routes.ts';
import { registerImportRoutes } from './roster-admin/import-routes.ts';
import { registerPassSheetRoutes } from './roster-admin/pass-sheet.ts';
import { registerRosterAdminRoutes } from './roster-admin/roster-routes.ts';
import { registerLiveEventsRoutes } from './review/live-events-routes.ts';
import { registerRetentionRoutes } from './retention/retention-routes.ts';
import { DEFAULT_RETENTION_DAYS } from './retention/retention.ts';
import { LiveEvents } from './review/live-events.ts';
import { installRouteAccess, PUBLIC, type RegisteredRoute } from './http/route-access.ts';
import { registerSessionRoutes } from './accounts/session-routes.ts';
import { registerUsersRoutes } from './accounts/users-routes.ts';
import { registerWatchRoutes } from './roster-admin/watch-routes.ts';
import { registerExportRoutes } from './review/exports-routes.ts';
import { registerFeverEventRoutes } from './review/fever-events-routes.ts';
import { registerEpidemicFreeRoutes } from './review/epidemic-free-routes.ts';
import { registerReviewRoutes } from './review/review-routes.ts';
import { registerOperationsRoutes } from './operations/operations-routes.ts';
import { registerOrgRoutes } from './org/org-routes.ts';
import { registerRollupRoutes } from './rollups/rollup-routes.ts';
import { registerFleetRoutes } from './operations/fleet-routes.ts';
import { registerReportRoutes } from './reports/report-routes.ts';
import { installProtocolCheck } from './operations/protocol-check.ts';
import { installServerMetrics } from './operations/server-metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access it declares (route-access.test.ts walks it). */
    routeTable: readonly RegisteredRoute[];
  }
}

export const BODY_LIMIT = 1024 * 1024;

/** Credentials never reach the log, whatever a later serializer decides to print. */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

/**
 * A request as the log shows it: method, path and client, never the query string — a person
 * search or a contact look-up carries a name, a phone number or an ID number there.
 */
function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: request.url.split('?')[0], remoteAddress: request.ip };
}

/**
 * An error as the log shows it: what and where, not the values a database error may carry with it
 * (PostgreSQL's `detail` repeats the row: `Key (phone)=(…)`).
 */
function errorForLog(error: FastifyError): { type: string; message: string; stack: string; code: string } {
  return { type: error.name, message: error.message, code: error.code, stack: error.stack ?? '' };
}

function loggerOptions(logger: AppDeps['logger']): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  const base = logger === true ? {} : logger;
  return {
    ...base,
    serializers: { req: requestForLog, err: errorForLog },
    redact: { paths: REDACT, censor: '[redacted]' },
  };
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad-request',
  404: 'not-found',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const https = deps.https ?? null;
  const app = Fastify({
    logger: loggerOptions(deps.logger),
    bodyLimit: BODY_LIMIT,
    trustProxy: deps.trustProxy && deps.trustProxy.length > 0 ? [...deps.trustProxy] : false,
    // Fastify types an HTTPS instance apart; every route here is the same either way.
    ...(https ? { serverFactory: (handler: RequestListener) => createHttpsServer(https, handler) as unknown as Server } : {}),
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDatabaseBusy(error)) {
      request.log.warn({ err: error }, 'database busy');
      void reply.header('retry-after', String(BUSY_RETRY_AFTER_S));
      return sendApiError(
        reply,
        503,
        'database-busy',
        'the database is locked by another writer; nothing was changed, retry the request',
      );
    }
    if (isDiskFull(error)) {
      request.log.error({ err: error }, 'disk full');
      void reply.header('retry-after', String(DISK_FULL_RETRY_AFTER_S));
      return sendApiError(reply, 503, 'disk-full', "the server's disk is full; nothing was stored, retry once space is freed");
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return sendApiError(reply, status, 'internal', 'internal server error');
    }
    return sendApiError(reply, status, STATUS_CODES[status] ?? 'bad-request', error.message);
  });
  app.setNotFoundHandler((request, reply) =>
    sendApiError(reply, 404, 'not-found', `no route for ${request.method} ${request.url.split('?')[0]}`),
  );

  await app.register(fastifyCookie);
  const now = deps.now ?? (() => new Date());
  const publicUrl = deps.publicUrl ?? null;
  installHostAllowList(app, allowedHostNames([...(deps.serverNames ?? []), ...(publicUrl ? [publicUrl.host] : [])]));
  installSameOriginCheck(app, new Set(publicUrl ? [publicUrl.origin] : []));
  const routes = installRouteAccess(app, { db: deps.db, now, monitorToken: deps.metricsToken });
  app.decorate('routeTable', routes);
  installAudit(app, { db: deps.db, now });
  installNulTextGuard(app);
  installProtocolCheck(app, deps.db, now);
  installServerMetrics(app, { db: deps.db, backup: deps.backup, now });
  const liveEvents = deps.liveEvents ?? new LiveEvents();
  const secureCookies = deps.secureCookies ?? (https !== null || publicUrl?.protocol === 'https:');
  deps = { ...deps, liveEvents, secureCookies };

  app.get('/api/v1/health', { config: { access: PUBLIC } }, async () => ({ ok: true }));
  registerGateRoutes(app, deps);
  const requireUser = registerSessionRoutes(app, deps);
  registerEntriesRoutes(app, deps);
  registerDevicesRoutes(app, now);
  registerUsersRoutes(app, now);
  registerAuditRoutes(app);
  registerLiveEventsRoutes(app, liveEvents, deps.db);
  registerRetentionRoutes(app, deps.retentionDays ?? DEFAULT_RETENTION_DAYS, now);
  registerRosterAdminRoutes(app, deps, requireUser);
  registerWatchRoutes(app, deps, requireUser);
  registerImportRoutes(app, deps, requireUser);
  registerPassSheetRoutes(app, deps, requireUser);
  registerReviewRoutes(app, deps);
  registerFeverEventRoutes(app, deps);
  registerExportRoutes(app, deps);
  registerEpidemicFreeRoutes(app, deps);
  registerOperationsRoutes(app, deps.backup, now);
  registerOrgRoutes(app, deps);
  registerRollupRoutes(app, deps);
  registerFleetRoutes(app, { db: deps.db, now });
  registerReportRoutes(app, deps);

  if (existsSync(join(deps.consoleDir, 'index.html'))) {
    // The console's files are public (the page signs in through the API); inside this context only.
    await app.register(async (assets) => {
      assets.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: PUBLIC };
      });
      await assets.register(fastifyStatic, { root: deps.consoleDir, prefix: '/' });
    });
  } else {
    app.get('/', { config: { access: PUBLIC } }, async (_request, reply) =>
      sendApiError(reply, 503, 'console-not-built', 'console not built: run npm run build'),
    );
  }

  return app;
}
