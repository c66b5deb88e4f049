import type { FastifyReply } from 'fastify';
import type { ApiError } from '../../protocol/sync.ts';

export function sendApiError(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  const body: ApiError = { error, message };
  return reply.status(status).send(body);
}
