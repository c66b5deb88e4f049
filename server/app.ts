import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sendApiError } from './api-errors.ts';
import { BUSY_RETRY_AFTER_S, isDatabaseBusy } from './db/busy-errors.ts';
import { installNulTextGuard } from './nul-text.ts';
import type { Database } from './db/schema.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { installAudit } from './audit.ts';
import { registerDeviceRoutes } from './device-routes.ts';
import { registerDevicesRoutes } from './devices-routes.ts';
import { registerEntriesRoutes } from './entries-routes.ts';
import type { ServerKeys } from './keys.ts';
import type { LoginLimits } from './login-throttle.ts';
import { registerImportRoutes } from './import-routes.ts';
import { registerPassSheetRoutes } from './pass-sheet.ts';
import { registerRosterAdminRoutes } from './roster-admin/roster-routes.ts';
import { registerLiveEventsRoutes } from './live-events-routes.ts';
import { registerRetentionRoutes } from './retention-routes.ts';
import { DEFAULT_RETENTION_DAYS } from './retention.ts';
import { LiveEvents } from './live-events.ts';
import { installRouteAccess, PUBLIC, type RegisteredRoute } from './route-access.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerUsersRoutes } from './users-routes.ts';
import { registerWatchRoutes } from './watch-routes.ts';
import { registerExportRoutes } from './exports-routes.ts';
import { registerFeverEventRoutes } from './fever-events-routes.ts';
import { registerEpidemicFreeRoutes } from './review/epidemic-free-routes.ts';
import { registerReviewRoutes } from './review/review-routes.ts';
import type { BackupConfig } from './operations/backup-config.ts';
import { registerOperationsRoutes } from './operations/operations-routes.ts';

export interface AppDeps {
  db: Kysely<Database>;
  keys: ServerKeys;
  /** Fastify logger: false in tests, pino options in production (redaction is added here). */
  logger: boolean | Exclude<FastifyServerOptions['logger'], boolean | undefined>;
  /** The built review console (dist/console). */
  consoleDir: string;
  loginLimits?: Partial<LoginLimits>;
  /** Where ingest announces new fevers to open consoles; main.ts creates one per process. */
  liveEvents?: LiveEvents;
  /** Days entries are kept unless an admin sets otherwise (CHECKPOINT_RETENTION_DAYS). */
  retentionDays?: number;
  now?: () => Date;
  /** Mark the session cookie Secure: set when the server is reached over HTTPS. */
  secureCookies?: boolean;
  /** Where backups go and with which key (main.ts reads it from the environment); shown to admins. */
  backup?: BackupConfig;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access it declares (route-access.test.ts walks it). */
    routeTable: readonly RegisteredRoute[];
  }
}

export const BODY_LIMIT = 1024 * 1024;

/** Credentials never reach the log, whatever a later serializer decides to print. */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

function loggerOptions(logger: AppDeps['logger']): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  const base = logger === true ? {} : logger;
  return { ...base, redact: { paths: REDACT, censor: '[redacted]' } };
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad-request',
  404: 'not-found',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: loggerOptions(deps.logger), bodyLimit: BODY_LIMIT });

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
  const routes = installRouteAccess(app, { db: deps.db, now });
  app.decorate('routeTable', routes);
  installAudit(app, { db: deps.db, now });
  installNulTextGuard(app);
  const liveEvents = deps.liveEvents ?? new LiveEvents();
  deps = { ...deps, liveEvents };

  app.get('/api/v1/health', { config: { access: PUBLIC } }, async () => ({ ok: true }));
  registerDeviceRoutes(app, deps);
  const requireUser = registerSessionRoutes(app, deps);
  registerEntriesRoutes(app, deps);
  registerDevicesRoutes(app, now);
  registerUsersRoutes(app, now);
  registerAuditRoutes(app);
  registerLiveEventsRoutes(app, liveEvents);
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
