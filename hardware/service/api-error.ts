import type { FastifyReply } from 'fastify';
import type { ApiError } from '../../protocol/sync.ts';

/** Every error the gate service answers is the protocol's ApiError: a stable code and a human message. */
export function apiError(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  const body: ApiError = { error, message };
  return reply.code(status).send(body);
}
