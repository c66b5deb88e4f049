import { v7 as uuidv7 } from 'uuid';
import { MAX_BATCH, MAX_BATCH_BYTES, type RecordResult, type SyncBatchRequest } from '../protocol/index.ts';
import type { JournalEntry, SyncState } from './journal.ts';
import { interpretSyncResponse, retryAfterMs } from './sync-response.ts';

/** The part of the journal the outbox needs; the kiosk passes its IndexedDB journal. */
export interface OutboxStore {
  unsent(limit: number): Promise<JournalEntry[]>;
  applyResults(results: readonly RecordResult[], at: Date): Promise<void>;
  count(state: SyncState): Promise<number>;
}

export interface UplinkAnswer {
  status: number;
  body: unknown;
  /** The server's Retry-After header, passed through by the gate (a busy database sends one). */
  retryAfter?: string | null;
}

export interface OutboxStatus {
  unsent: number;
  rejected: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** The last error was the server out of reach (not a refusal): the kiosk says so in the guard's language. */
  serverUnreachable: boolean;
  nextRetryAt: string | null;
}

export interface OutboxOptions {
  store: OutboxStore;
  post: (batch: SyncBatchRequest) => Promise<UplinkAnswer>;
  onStatus: (status: OutboxStatus) => void;
  /**
   * Answers whether the server can be reached now; asked every `probeMs` while backing off from an
   * unreachable server, so a backlog starts to drain as soon as it is back rather than at the next
   * retry. A server that refused (busy, failing) is not probed: it gets its whole back-off.
   */
  probe?: () => Promise<boolean>;
  probeMs?: number;
  batchSize?: number;
  /** A batch is cut short before its JSON would pass this many bytes. */
  maxBatchBytes?: number;
  /** How often to look for work when nothing kicks the outbox. */
  idleMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
}

const utf8 = new TextEncoder();

/**
 * Replays unsent journal entries to the uplink, oldest first, one batch at a time: as many as the
 * server takes in one batch, so a day's backlog after an outage is a few round trips, while live
 * traffic goes as it comes, an entry or two a batch. Failures back off exponentially (with jitter,
 * so gates coming back online do not stampede the server) and leave the entries unsent; a cheap
 * probe ends the back-off early once the server answers again. The server's per-record answers
 * decide sent or rejected.
 */
export class Outbox {
  readonly #options: Required<OutboxOptions>;
  #running = false;
  #failures = 0;
  /** Whether the last failure was the server out of reach (not a refusal from the server itself). */
  #unreachable = false;
  #wake: (() => void) | null = null;
  #lastSuccessAt: string | null = null;
  #lastError: string | null = null;
  #nextRetryAt: string | null = null;

  constructor(options: OutboxOptions) {
    this.#options = {
      probe: async () => false,
      probeMs: 2_000,
      batchSize: MAX_BATCH,
      maxBatchBytes: MAX_BATCH_BYTES,
      idleMs: 15_000,
      baseBackoffMs: 1_000,
      maxBackoffMs: 60_000,
      random: Math.random,
      ...options,
    };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#loop();
  }

  stop(): void {
    this.#running = false;
    this.#wake?.();
  }

  /** New work: counted on screen at once, and synced now unless the outbox is backing off from a failure. */
  kick(): void {
    void this.#publish();
    if (this.#failures === 0) this.#wake?.();
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      const delay = await this.#syncOnce();
      if (!this.#running) break;
      if (this.#failures > 0 && this.#unreachable) await this.#backOff(delay);
      else if (delay > 0) await this.#sleep(delay);
    }
  }

  /** Waits out a back-off, probing the server meanwhile; a sound answer ends the wait and the back-off. */
  async #backOff(delay: number): Promise<void> {
    const { probe, probeMs } = this.#options;
    const until = Date.now() + delay;
    for (let left = delay; left > 0 && this.#running; left = until - Date.now()) {
      await this.#sleep(Math.min(probeMs, left));
      if (!this.#running || until - Date.now() <= 0) return;
      if (await probe().catch(() => false)) {
        this.#failures = 0;
        return;
      }
    }
  }

  /** The oldest unsent entries, cut short before the batch's JSON passes the byte budget (always at least one). */
  #fitToBudget(batch: JournalEntry[]): JournalEntry[] {
    let bytes = 0;
    for (let i = 0; i < batch.length; i++) {
      bytes += utf8.encode(JSON.stringify(batch[i]!.record)).length + 1;
      if (bytes > this.#options.maxBatchBytes && i > 0) return batch.slice(0, i);
    }
    return batch;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const wake = (): void => done();
      this.#wake = wake;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.#wake = null;
    });
  }

  /** One step; answers how long to wait before the next. */
  async #syncOnce(): Promise<number> {
    const { store, post, batchSize, idleMs } = this.#options;
    const batch = this.#fitToBudget(await store.unsent(batchSize));
    if (batch.length === 0) {
      await this.#publish();
      return idleMs;
    }
    let error: string;
    let unreachable = true;
    let hintedMs = 0;
    try {
      const answer = await post({ batchId: uuidv7(), entries: batch.map((entry) => entry.record) });
      hintedMs = retryAfterMs(answer.retryAfter, Date.now());
      const outcome = interpretSyncResponse(answer.status, answer.body);
      if (outcome.kind === 'results') {
        const ids = new Set(batch.map((entry) => entry.record.id));
        const resolved = outcome.results.filter((result) => result.id !== null && ids.has(result.id));
        if (resolved.length > 0) {
          await store.applyResults(resolved, new Date());
          this.#failures = 0;
          this.#lastSuccessAt = new Date().toISOString();
          this.#lastError = null;
          this.#nextRetryAt = null;
          await this.#publish();
          return 0;
        }
        error = 'server answered for none of the batch';
        unreachable = false;
      } else {
        error = outcome.error;
        unreachable = outcome.unreachable;
      }
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    this.#failures += 1;
    this.#unreachable = unreachable;
    // A server that says when to come back is taken at its word, up to the longest back-off.
    const delay = Math.max(this.#backoff(), Math.min(hintedMs, this.#options.maxBackoffMs));
    this.#lastError = error;
    this.#nextRetryAt = new Date(Date.now() + delay).toISOString();
    await this.#publish();
    return delay;
  }

  #backoff(): number {
    const { baseBackoffMs, maxBackoffMs, random } = this.#options;
    const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (this.#failures - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  async #publish(): Promise<void> {
    const [unsent, rejected] = await Promise.all([this.#options.store.count('unsent'), this.#options.store.count('rejected')]);
    this.#options.onStatus({
      unsent,
      rejected,
      lastSuccessAt: this.#lastSuccessAt,
      lastError: this.#lastError,
      serverUnreachable: this.#lastError !== null && this.#unreachable,
      nextRetryAt: this.#nextRetryAt,
    });
  }
}
