import type { z } from 'zod';
import { SessionUser, type LoginRequest } from '../../../protocol/review.ts';
import { ApiError } from '../../../protocol/sync.ts';
import { scopedPath } from '../shared/org-context.ts';

/** An HTTP answer as a value: the console shows every failure, it never throws at the user. */
export type CallFailure = { ok: false; status: number; error: ApiError };
export type ApiResult<T> = { ok: true; value: T } | CallFailure;

export async function call<T>(schema: z.ZodType<T>, path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(scopedPath(path), {
      credentials: 'same-origin',
      ...init,
      headers: { accept: 'application/json', ...init.headers },
    });
  } catch (error) {
    return { ok: false, status: 0, error: { error: 'network', message: error instanceof Error ? error.message : String(error) } };
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const apiError = ApiError.safeParse(body);
    return {
      ok: false,
      status: response.status,
      error: apiError.success ? apiError.data : { error: 'http', message: `HTTP ${response.status}` },
    };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      status: response.status,
      error: { error: 'bad-answer', message: 'the server answered something unexpected' },
    };
  return { ok: true, value: parsed.data };
}

export function fetchSession(): Promise<ApiResult<SessionUser>> {
  return call(SessionUser, '/api/v1/session');
}

export function signIn(login: LoginRequest): Promise<ApiResult<SessionUser>> {
  return call(SessionUser, '/api/v1/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login),
  });
}

export async function signOut(): Promise<void> {
  await fetch('/api/v1/session', { method: 'DELETE', credentials: 'same-origin' }).catch(() => undefined);
}
