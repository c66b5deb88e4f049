import { ApiError, IdNumberAnswer, IdNumberRequest } from '../protocol/index.ts';

export type IdHashResult = ({ ok: true } & IdNumberAnswer) | { ok: false; reason: string };

/**
 * Has the gate check and hash a typed ID number with the community's key; the number itself is
 * never kept. A gate that cannot answer, refuses, or answers something unreadable is a reason, not a throw.
 */
export async function hashIdNumber(number: string, fetcher: typeof fetch = fetch): Promise<IdHashResult> {
  const request: IdNumberRequest = { number: number.trim() };
  let response: Response;
  try {
    response = await fetcher('id-number', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(IdNumberRequest.parse(request)),
    });
  } catch (cause) {
    return { ok: false, reason: cause instanceof Error ? cause.message : String(cause) };
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = ApiError.safeParse(body);
    return { ok: false, reason: error.success ? error.data.message : `HTTP ${response.status}` };
  }
  const answer = IdNumberAnswer.safeParse(body);
  if (!answer.success) return { ok: false, reason: 'the gate answered without a hash' };
  return { ok: true, ...answer.data };
}
