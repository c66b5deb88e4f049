import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LoginRequest, type SessionUser, type UserRole } from '../../protocol/review.ts';
import { sendApiError } from '../http/api-errors.ts';
import type { AppDeps } from '../app-deps.ts';
import { writeAudit } from '../http/audit.ts';
import { LoginThrottle } from './login-throttle.ts';
import { scopeView } from '../org/scope.ts';
import { ALL_ROLES, PUBLIC, roles, SESSION_COOKIE, signedInUser } from '../http/route-access.ts';
import { checkCredentials, endSession, findSessionUser, SESSION_TTL_MS, startSession, type SignedInUser } from './sessions.ts';

export { SESSION_COOKIE };

/**
 * For handlers written before routes declared their access: the user the access hook found, or
 * the same check done here. New routes declare `config: { access: roles(...) }` and read
 * `signedInUser(request)` instead.
 */
export type RequireUser = (
  request: FastifyRequest,
  reply: FastifyReply,
  roles: readonly UserRole[],
) => Promise<SignedInUser | null>;

/** Sign-in, sign-out and who-am-i. */
export function registerSessionRoutes(app: FastifyInstance, deps: AppDeps): RequireUser {
  const now = deps.now ?? (() => new Date());
  const throttle = new LoginThrottle(deps.db, deps.loginLimits);

  const requireUser: RequireUser = async (request, reply, allowed) => {
    const user = request.user ?? (await findSessionUser(deps.db, request.cookies[SESSION_COOKIE], now()));
    if (!user) {
      sendApiError(reply, 401, 'not-signed-in', 'sign in first');
      return null;
    }
    if (!allowed.includes(user.role)) {
      sendApiError(reply, 403, 'forbidden', `the role ${user.role} may not do this`);
      return null;
    }
    return user;
  };

  app.post('/api/v1/session', { config: { access: PUBLIC } }, async (request, reply) => {
    const login = LoginRequest.safeParse(request.body);
    if (!login.success) return sendApiError(reply, 400, 'invalid-login', z.prettifyError(login.error));
    const { username, password } = login.data;
    const attempt = { username, address: request.ip };
    const at = now();
    const lockedMs = await throttle.lockedFor(attempt, at);
    if (lockedMs > 0) {
      reply.header('retry-after', String(Math.ceil(lockedMs / 1000)));
      return sendApiError(reply, 429, 'too-many-attempts', 'too many failed sign-ins from here; try again later');
    }
    const user = await checkCredentials(deps.db, username, password);
    if (!user) {
      await throttle.recordFailure(attempt, at);
      return sendApiError(reply, 401, 'bad-credentials', 'wrong username or password');
    }
    await throttle.recordSuccess(attempt);
    // Checked after the password, so the answer tells a guesser nothing about which accounts are guards'.
    if (user.role === 'guard') {
      return sendApiError(
        reply,
        403,
        'guard-account',
        'guard accounts sign in at the gate kiosk with their PIN, not in the console',
      );
    }
    const session = await startSession(deps.db, user.id, at);
    await writeAudit(deps.db, { at: at.toISOString(), userId: user.id, action: 'session.start', detail: {} });
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: deps.secureCookies ?? false,
      maxAge: SESSION_TTL_MS / 1000,
    });
    const body: SessionUser = { username: user.username, role: user.role, scope: await scopeView(deps.db, user.scope) };
    return body;
  });

  app.get('/api/v1/session', { config: { access: roles(...ALL_ROLES) } }, async (request) => {
    const user = signedInUser(request);
    const body: SessionUser = { username: user.username, role: user.role, scope: await scopeView(deps.db, user.scope) };
    return body;
  });

  app.delete('/api/v1/session', { config: { access: roles(...ALL_ROLES) } }, async (request, reply) => {
    await endSession(deps.db, request.cookies[SESSION_COOKIE]!);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  return requireUser;
}
