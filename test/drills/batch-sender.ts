import { HandOverResponse, type HandOverResult, type SpoolStatus } from '../../protocol/spool.ts';
import { ApiError, SyncBatchResponse, type RecordResult } from '../../protocol/sync.ts';
import { gateFetch } from '../support/gate-screen.ts';

/** A 5xx the sender got before its answer: what the server said and when it asked to be retried. */
export interface Refusal {
  status: number;
  error: string | null;
  retryAfter: string | null;
}

export interface BatchAnswer {
  results: RecordResult[];
  receivedAt: string;
  tries: number;
  refusals: Refusal[];
}

/**
 * Sends one batch the way an outbox does: the same batch again until the server answers it. A
 * refused connection, a reset or a 5xx is "not answered"; the answer is checked against the
 * protocol schema so a drill never counts a garbled reply.
 */
export async function sendUntilAnswered(
  url: string,
  token: string,
  batchId: string,
  entries: unknown[],
  options: SendOptions = {},
): Promise<BatchAnswer> {
  return postUntilAnswered(`${url}/api/v1/ingest`, { authorization: `Bearer ${token}` }, batchId, entries, options);
}

export interface SendOptions {
  attempts?: number;
  /** Told of each 5xx as it comes, so a drill can end its fault once every batch has met it. */
  onRefusal?: (refusal: Refusal) => void;
}

/** The same through any endpoint that answers `SyncBatchResponse`. */
export async function postUntilAnswered(
  endpoint: string,
  headers: Record<string, string>,
  batchId: string,
  entries: unknown[],
  { attempts = 1200, onRefusal }: SendOptions = {},
): Promise<BatchAnswer> {
  let lastFailure = '';
  const refusals: Refusal[] = [];
  for (let tries = 1; tries <= attempts; tries++) {
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ batchId, entries }),
      });
      const body: unknown = await response.json();
      if (response.ok) {
        const answer = SyncBatchResponse.parse(body);
        return { results: answer.results, receivedAt: answer.receivedAt, tries, refusals };
      }
      lastFailure = `${response.status} ${JSON.stringify(body)}`;
      if (response.status < 500) throw new Error(`batch ${batchId} refused: ${lastFailure}`);
      const apiError = ApiError.safeParse(body);
      const refusal = {
        status: response.status,
        error: apiError.success ? apiError.data.error : null,
        retryAfter: response.headers.get('retry-after'),
      };
      refusals.push(refusal);
      onRefusal?.(refusal);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(`batch ${batchId} refused`)) throw error;
      lastFailure = String(error);
    }
    // The outbox's retry pause: the server is down, so this waits for it, not for a result.
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`batch ${batchId} never answered: ${lastFailure}`);
}

/**
 * Hands entries to a gate as the kiosk does (`POST /spool/entries`), the same entries again until
 * the gate answers, each retry after a short pause; answers the gate's per-entry answer and tries.
 */
export async function handOverUntilAnswered(
  gateUrl: string,
  entries: unknown[],
  attempts = 1200,
): Promise<{ results: HandOverResult[]; tries: number }> {
  let lastFailure = '';
  for (let tries = 1; tries <= attempts; tries++) {
    try {
      const response = await gateFetch(`${gateUrl}/spool/entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ entries }),
      });
      const body: unknown = await response.json();
      if (response.ok) return { results: HandOverResponse.parse(body).results, tries };
      lastFailure = `${response.status} ${JSON.stringify(body)}`;
      if (response.status < 500) throw new Error(`hand-over refused: ${lastFailure}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('hand-over refused')) throw error;
      lastFailure = String(error);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`hand-over never answered: ${lastFailure}`);
}

/** The gate's spool status (`GET /spool/status`). */
export async function spoolStatus(gateUrl: string): Promise<SpoolStatus> {
  return (await (await gateFetch(`${gateUrl}/spool/status`)).json()) as SpoolStatus;
}

/** Deterministic shuffle (a drill that fails must fail the same way again). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The drills' shared verdict: what was sent against what is there, by id. */
export function tally(
  sent: readonly string[],
  found: readonly string[],
): { sent: number; found: number; lost: number; doubled: number; strangers: number } {
  const sentSet = new Set(sent);
  const foundSet = new Set(found);
  return {
    sent: sentSet.size,
    found: found.length,
    lost: [...sentSet].filter((id) => !foundSet.has(id)).length,
    doubled: found.length - foundSet.size,
    strangers: [...foundSet].filter((id) => !sentSet.has(id)).length,
  };
}

export const LONG = process.env.CHECKPOINT_LONG === '1';
