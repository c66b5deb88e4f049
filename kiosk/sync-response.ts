import { ApiError, SyncBatchResponse, type RecordResult } from '../protocol/index.ts';

/**
 * What the outbox does with an uplink answer: per-record results are applied; anything else is
 * retried later with the reason shown, so a record is never dropped because of a bad answer.
 * `unreachable`: the gate could not reach the server at all, so a sound answer to a probe means
 * a retry will get through; any other refusal came from the server itself (busy, broken, revoked)
 * and waits out its back-off.
 */
export type SyncOutcome = { kind: 'results'; results: RecordResult[] } | { kind: 'retry'; error: string; unreachable: boolean };

export function interpretSyncResponse(status: number, body: unknown): SyncOutcome {
  if (status === 200) {
    const parsed = SyncBatchResponse.safeParse(body);
    if (parsed.success) return { kind: 'results', results: parsed.data.results };
    return { kind: 'retry', error: 'server answered with an unreadable result', unreachable: false };
  }
  const apiError = ApiError.safeParse(body);
  const detail = apiError.success ? apiError.data.message : `HTTP ${status}`;
  if (status === 401 || status === 403) return { kind: 'retry', error: `device not authorised: ${detail}`, unreachable: false };
  const unreachable = status === 502 && apiError.success && apiError.data.error === 'server-unreachable';
  return { kind: 'retry', error: detail, unreachable };
}

/** A Retry-After header (seconds, or an HTTP date) as milliseconds from `now`; 0 when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number {
  if (!header) return 0;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}
