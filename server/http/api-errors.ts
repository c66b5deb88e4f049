import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ApiError } from '../../protocol/sync.ts';

export function sendApiError(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  const body: ApiError = { error, message };
  return reply.status(status).send(body);
}

/** `path: message` per zod issue, so a caller sees which field was wrong. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`).join('; ');
}
