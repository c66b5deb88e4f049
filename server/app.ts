import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sendApiError } from './api-errors.ts';
import type { Database } from './db/schema.ts';
import { registerDeviceRoutes } from './device-routes.ts';
import { registerEntriesRoutes } from './entries-routes.ts';
import type { ServerKeys } from './keys.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { registerImportRoutes } from './import-routes.ts';
import { registerPassSheetRoutes } from './pass-sheet.ts';
import { registerRosterAdminRoutes } from './roster-admin/roster-routes.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerWatchRoutes } from './watch-routes.ts';

export interface AppDeps {
  db: Kysely<Database>;
  keys: ServerKeys;
  /** Fastify logger: false in tests, pino options in production (redaction is added here). */
  logger: boolean | Exclude<FastifyServerOptions['logger'], boolean | undefined>;
  /** The built review console (dist/console). */
  consoleDir: string;
  loginThrottle?: LoginThrottle;
  now?: () => Date;
  /** Mark the session cookie Secure: set when the server is reached over HTTPS. */
  secureCookies?: boolean;
}

export const BODY_LIMIT = 1024 * 1024;

/** Credentials never reach the log, whatever a later serializer decides to print. */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

function loggerOptions(logger: AppDeps['logger']): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  const base = logger === true ? {} : logger;
  return { ...base, redact: { paths: REDACT, censor: '[redacted]' } };
}

const STATUS_CODES: Record<number, string> = { 400: 'bad-request', 404: 'not-found', 413: 'payload-too-large', 415: 'unsupported-media-type' };

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: loggerOptions(deps.logger), bodyLimit: BODY_LIMIT });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return sendApiError(reply, status, 'internal', 'internal server error');
    }
    return sendApiError(reply, status, STATUS_CODES[status] ?? 'bad-request', error.message);
  });
  app.setNotFoundHandler((request, reply) => sendApiError(reply, 404, 'not-found', `no route for ${request.method} ${request.url.split('?')[0]}`));

  await app.register(fastifyCookie);

  app.get('/api/v1/health', async () => ({ ok: true }));
  registerDeviceRoutes(app, deps);
  const requireUser = registerSessionRoutes(app, deps);
  registerEntriesRoutes(app, deps, requireUser);
  registerRosterAdminRoutes(app, deps, requireUser);
  registerWatchRoutes(app, deps, requireUser);
  registerImportRoutes(app, deps, requireUser);
  registerPassSheetRoutes(app, deps, requireUser);

  if (existsSync(join(deps.consoleDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: deps.consoleDir, prefix: '/' });
  } else {
    app.get('/', async (_request, reply) => sendApiError(reply, 503, 'console-not-built', 'console not built: run npm run build'));
  }

  return app;
}
