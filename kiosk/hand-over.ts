import {
  ApiError,
  GATE_DISK_FULL,
  HandOverResponse,
  MAX_BATCH,
  SpoolEntries,
  syncPriority,
  type EntryRecord,
  type HandOverResult,
  type SpoolStatus,
} from '../protocol/index.ts';
import type { Journal, JournalEntry } from './journal.ts';

/*
 * The kiosk's half of the straight line kiosk → gate spool → server (docs/reliability.md): each
 * entry is handed to the gate once; only while the gate cannot be reached does the browser hold it.
 */

type Fetch = typeof fetch;

/** Long enough for a gate writing a backlog; short enough that a hung gate does not hold the guard. */
export const HAND_OVER_TIMEOUT_MS = 4_000;

/**
 * Where a logged entry is: on the gate's disk, or held in this browser until the gate answers —
 * `gateDiskFull` when the gate answered that its disk is full, so the guard is told why.
 */
export type Logged = { where: 'gate'; status: SpoolStatus } | { where: 'screen'; gateDiskFull: boolean };

/** The gate refused the entry (not a valid record): a kiosk bug, shown to the guard; the person stays on screen. */
export class EntryRefused extends Error {}

/** The gate answers but cannot save: its data folder is full. */
export class GateDiskFull extends Error {}

/**
 * Logs an entry: handed to the gate and on its disk, or — when the gate cannot be reached or cannot
 * write — held in the journal (strict durability) to be handed over later. Rejects when the gate
 * refused the record, or when the gate is out of reach and the journal write fails too: the guard
 * must be told, and the person is not let go.
 */
export async function logEntry(journal: Pick<Journal, 'append'>, record: EntryRecord, fetcher: Fetch = fetch): Promise<Logged> {
  let answer: HandOverResponse | null = null;
  let gateDiskFull = false;
  try {
    answer = await handOver([record], fetcher);
  } catch (cause) {
    gateDiskFull = cause instanceof GateDiskFull;
  }
  if (answer) {
    const result = answer.results[0];
    if (result?.status === 'refused') throw new EntryRefused(`the gate refused the entry: ${result.reason}`);
    if (result) return { where: 'gate', status: answer.status };
  }
  await journal.append(record);
  return { where: 'screen', gateDiskFull };
}

/**
 * Hands every entry the journal holds to the gate, a batch at a time, fevers first; an entry the
 * gate has is deleted here, one it refused stays with the reason. Answers the gate's status after
 * the last batch (null when nothing was held). Throws when the gate cannot answer.
 */
export async function handOverHeld(
  journal: Pick<Journal, 'unsent' | 'handedOver'>,
  fetcher: Fetch = fetch,
): Promise<SpoolStatus | null> {
  let status: SpoolStatus | null = null;
  for (;;) {
    const held = await journal.unsent(MAX_BATCH);
    if (held.length === 0) return status;
    const answer = await handOver(
      held.map((entry) => entry.record),
      fetcher,
    );
    const answered = new Set(answer.results.map((result: HandOverResult) => result.id));
    if (held.some((entry) => !answered.has(entry.record.id))) throw new Error('the gate answered for only part of a hand-over');
    await journal.handedOver(answer.results);
    status = answer.status;
  }
}

async function handOver(records: readonly EntryRecord[], fetcher: Fetch): Promise<HandOverResponse> {
  const response = await fetcher('spool/entries', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entries: records }),
    signal: AbortSignal.timeout(HAND_OVER_TIMEOUT_MS),
  });
  return HandOverResponse.parse(await answer(response));
}

/**
 * The day's log as the gate holds it, with what this screen still holds (not yet handed over, or
 * refused by the gate) added in: oldest first.
 */
export async function readLog(
  journal: Pick<Journal, 'since'>,
  since: Date,
  fetcher: Fetch = fetch,
): Promise<{ entries: JournalEntry[]; gateAnswered: boolean }> {
  const held = await journal.since(since.toISOString());
  let fromGate: JournalEntry[] = [];
  let gateAnswered = true;
  try {
    const response = await fetcher(`spool/entries?since=${encodeURIComponent(since.toISOString())}`, {
      signal: AbortSignal.timeout(HAND_OVER_TIMEOUT_MS),
    });
    fromGate = SpoolEntries.parse(await answer(response)).entries.map(({ record, state, reason, answeredAt }) => ({
      record,
      state,
      priority: syncPriority(record),
      savedAt: record.occurredAt,
      sentAt: state === 'sent' ? answeredAt : null,
      reason,
    }));
  } catch {
    gateAnswered = false;
  }
  const ids = new Set(fromGate.map((entry) => entry.record.id));
  const entries = [...fromGate, ...held.filter((entry) => !ids.has(entry.record.id))];
  entries.sort(
    (a, b) => Date.parse(a.record.occurredAt) - Date.parse(b.record.occurredAt) || a.record.id.localeCompare(b.record.id),
  );
  return { entries, gateAnswered };
}

async function answer(response: Response): Promise<unknown> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  const error = ApiError.safeParse(body);
  if (error.success && error.data.error === GATE_DISK_FULL) throw new GateDiskFull(error.data.message);
  throw new Error(error.success ? error.data.message : `gate: HTTP ${response.status}`);
}
