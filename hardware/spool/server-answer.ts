import { ApiError, SyncBatchResponse, type RecordResult } from '../../protocol/index.ts';
import type { UplinkAnswer } from './uplink.ts';

/**
 * What the forwarder does with the server's answer to a batch: per-record results are noted;
 * anything else is retried later with the reason shown, so a record is never dropped because of a
 * bad answer. `unreachable`: no answer at all, so a sound answer to a probe means a retry will get
 * through; a refusal from the server itself (busy, broken, revoked) waits out its back-off.
 */
export type IngestOutcome = { kind: 'results'; results: RecordResult[] } | { kind: 'retry'; error: string; unreachable: boolean };

export function interpretIngestAnswer(answer: UplinkAnswer): IngestOutcome {
  if (!answer.ok) return { kind: 'retry', error: answer.message, unreachable: true };
  const body = parseJson(answer.body);
  if (answer.status === 200) {
    const parsed = SyncBatchResponse.safeParse(body);
    if (parsed.success) return { kind: 'results', results: parsed.data.results };
    return { kind: 'retry', error: 'server answered with an unreadable result', unreachable: false };
  }
  const apiError = ApiError.safeParse(body);
  const detail = apiError.success ? apiError.data.message : `HTTP ${answer.status}`;
  if (answer.status === 401 || answer.status === 403)
    return { kind: 'retry', error: `device not authorised: ${detail}`, unreachable: false };
  return { kind: 'retry', error: detail, unreachable: false };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A Retry-After header (seconds, or an HTTP date) as milliseconds from `now`; 0 when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number {
  if (!header) return 0;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}
