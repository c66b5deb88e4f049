import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LoginRequest, type SessionUser, type UserRole } from '../protocol/review.ts';
import { describeZodError, sendApiError } from './api-errors.ts';
import type { AppDeps } from './app.ts';
import { writeAudit } from './audit.ts';
import { LoginThrottle } from './login-throttle.ts';
import { checkCredentials, endSession, findSessionUser, SESSION_TTL_MS, startSession, type SignedInUser } from './sessions.ts';

export const SESSION_COOKIE = 'cp_session';

export type RequireUser = (request: FastifyRequest, reply: FastifyReply, roles: readonly UserRole[]) => Promise<SignedInUser | null>;

/** Sign-in, sign-out and who-am-i; returns the guard every user route calls first. */
export function registerSessionRoutes(app: FastifyInstance, deps: AppDeps): RequireUser {
  const now = deps.now ?? (() => new Date());
  const throttle = deps.loginThrottle ?? new LoginThrottle();

  const requireUser: RequireUser = async (request, reply, roles) => {
    const user = await findSessionUser(deps.db, request.cookies[SESSION_COOKIE], now());
    if (!user) {
      sendApiError(reply, 401, 'not-signed-in', 'sign in first');
      return null;
    }
    if (!roles.includes(user.role)) {
      sendApiError(reply, 403, 'forbidden', `the role ${user.role} may not do this`);
      return null;
    }
    return user;
  };

  app.post('/api/v1/session', async (request, reply) => {
    const login = LoginRequest.safeParse(request.body);
    if (!login.success) return sendApiError(reply, 400, 'invalid-login', describeZodError(login.error));
    const { username, password } = login.data;
    const lockedMs = throttle.lockedFor(username);
    if (lockedMs > 0) {
      reply.header('retry-after', String(Math.ceil(lockedMs / 1000)));
      return sendApiError(reply, 429, 'too-many-attempts', 'too many failed sign-ins for this user; try again later');
    }
    const user = await checkCredentials(deps.db, username, password);
    if (!user) {
      throttle.recordFailure(username);
      return sendApiError(reply, 401, 'bad-credentials', 'wrong username or password');
    }
    throttle.recordSuccess(username);
    const at = now();
    const session = await startSession(deps.db, user.id, at);
    await writeAudit(deps.db, { at: at.toISOString(), userId: user.id, action: 'session.start', detail: {} });
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: deps.secureCookies ?? false,
      maxAge: SESSION_TTL_MS / 1000,
    });
    const body: SessionUser = { username: user.username, role: user.role };
    return body;
  });

  app.get('/api/v1/session', async (request, reply) => {
    const user = await requireUser(request, reply, ['guard', 'property', 'community', 'admin']);
    if (!user) return reply;
    const body: SessionUser = { username: user.username, role: user.role };
    return body;
  });

  app.delete('/api/v1/session', async (request, reply) => {
    const user = await requireUser(request, reply, ['guard', 'property', 'community', 'admin']);
    if (!user) return reply;
    await endSession(deps.db, request.cookies[SESSION_COOKIE]!);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  return requireUser;
}
