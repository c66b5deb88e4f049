import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { sendApiError } from '../http/api-errors.ts';

/** An admin operation's outcome: a refusal is a value with its HTTP status and reason, never a throw. */
export type AdminResult<T> = { ok: true; value: T } | { ok: false; status: number; error: string; message: string };

export function refuse(
  status: number,
  error: string,
  message: string,
): { ok: false; status: number; error: string; message: string } {
  return { ok: false, status, error, message };
}

export function sendResult<T>(reply: FastifyReply, result: AdminResult<T>, status = 200): FastifyReply | T {
  if (!result.ok) return sendApiError(reply, result.status, result.error, result.message);
  reply.status(status);
  return result.value;
}

/** Parses a request part with a protocol schema; the refusal names the wrong fields. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, error = 'invalid-input'): AdminResult<z.infer<S>> {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : refuse(400, error, z.prettifyError(parsed.error));
}
