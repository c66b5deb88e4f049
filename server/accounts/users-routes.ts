import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  GuardPinSetRequest,
  PasswordResetRequest,
  UserCreateRequest,
  UserUpdateRequest,
  type UserListResponse,
} from '../../protocol/accounts.ts';
import { sendApiError } from '../http/api-errors.ts';
import { audit } from '../http/audit.ts';
import { roles, signedInUser } from '../http/route-access.ts';
import { requestScope } from '../org/scope.ts';
import { addUser, listUsers, resetPassword, setGuardPinById, updateUser, type UserChange } from './users.ts';

function answer<T>(reply: FastifyReply, change: UserChange<T>, status = 200) {
  if (!change.ok) return sendApiError(reply, change.status, change.reason, change.message);
  return reply.status(status).send(change.value);
}

/** Admin routes for accounts. Passwords never come back; every change is audited. */
export function registerUsersRoutes(app: FastifyInstance, now: () => Date): void {
  const admin = { config: { access: roles('admin') } };
  const db = () => app.auditTrail.db;

  app.get('/api/v1/users', admin, async (request, reply) => {
    const scope = await requestScope(db(), request, reply);
    if (!scope) return reply;
    const users = await listUsers(db(), scope);
    await audit(request, 'users.list', { count: users.length });
    const body: UserListResponse = { users };
    return body;
  });

  app.post('/api/v1/users', admin, async (request, reply) => {
    const parsed = UserCreateRequest.safeParse(request.body);
    if (!parsed.success) return sendApiError(reply, 400, 'invalid-user', z.prettifyError(parsed.error));
    const change = await addUser(db(), parsed.data, now().toISOString(), signedInUser(request).scope);
    if (change.ok)
      await audit(request, 'user.create', { userId: change.value.id, username: change.value.username, role: change.value.role });
    return answer(reply, change, 201);
  });

  app.patch<{ Params: { id: string } }>('/api/v1/users/:id', admin, async (request, reply) => {
    const parsed = UserUpdateRequest.safeParse(request.body);
    if (!parsed.success) return sendApiError(reply, 400, 'invalid-user', z.prettifyError(parsed.error));
    const change = await updateUser(
      db(),
      request.params.id,
      parsed.data,
      signedInUser(request).id,
      now().toISOString(),
      signedInUser(request).scope,
    );
    if (change.ok) await audit(request, 'user.update', { userId: request.params.id, ...parsed.data });
    return answer(reply, change);
  });

  app.post<{ Params: { id: string } }>('/api/v1/users/:id/password', admin, async (request, reply) => {
    const parsed = PasswordResetRequest.safeParse(request.body);
    if (!parsed.success) return sendApiError(reply, 400, 'invalid-password', z.prettifyError(parsed.error));
    const change = await resetPassword(db(), request.params.id, parsed.data.password, signedInUser(request).scope);
    if (change.ok) await audit(request, 'user.password-reset', { userId: request.params.id });
    return answer(reply, change);
  });

  app.post<{ Params: { id: string } }>('/api/v1/users/:id/pin', admin, async (request, reply) => {
    const parsed = GuardPinSetRequest.safeParse(request.body);
    if (!parsed.success) return sendApiError(reply, 400, 'invalid-pin', 'a guard PIN is 4 to 6 digits');
    const change = await setGuardPinById(db(), request.params.id, parsed.data.pin, signedInUser(request).scope);
    if (change.ok) await audit(request, 'user.pin-set', { userId: request.params.id, digits: parsed.data.pin.length });
    return answer(reply, change);
  });
}
