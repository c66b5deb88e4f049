import { v7 as uuidv7 } from 'uuid';
import type { RecordResult, SyncBatchRequest } from '../protocol/index.ts';
import type { JournalEntry, SyncState } from './journal.ts';
import { interpretSyncResponse } from './sync-response.ts';

/** The part of the journal the outbox needs; the kiosk passes its IndexedDB journal. */
export interface OutboxStore {
  unsent(limit: number): Promise<JournalEntry[]>;
  applyResults(results: readonly RecordResult[], at: Date): Promise<void>;
  count(state: SyncState): Promise<number>;
}

export interface UplinkAnswer {
  status: number;
  body: unknown;
}

export interface OutboxStatus {
  unsent: number;
  rejected: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  nextRetryAt: string | null;
}

export interface OutboxOptions {
  store: OutboxStore;
  post: (batch: SyncBatchRequest) => Promise<UplinkAnswer>;
  onStatus: (status: OutboxStatus) => void;
  batchSize?: number;
  /** How often to look for work when nothing kicks the outbox. */
  idleMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
}

/**
 * Replays unsent journal entries to the uplink, oldest first, one batch at a time. Failures back
 * off exponentially (with jitter, so a gate coming back online does not stampede the server) and
 * leave the entries unsent; the server's per-record answers decide sent or rejected.
 */
export class Outbox {
  readonly #options: Required<OutboxOptions>;
  #running = false;
  #failures = 0;
  #wake: (() => void) | null = null;
  #lastSuccessAt: string | null = null;
  #lastError: string | null = null;
  #nextRetryAt: string | null = null;

  constructor(options: OutboxOptions) {
    this.#options = {
      batchSize: 100,
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

  /** New work: sync now unless the outbox is backing off from a failure. */
  kick(): void {
    if (this.#failures === 0) this.#wake?.();
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      const delay = await this.#syncOnce();
      if (!this.#running) break;
      if (delay > 0) await this.#sleep(delay);
    }
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
    const batch = await store.unsent(batchSize);
    if (batch.length === 0) {
      await this.#publish();
      return idleMs;
    }
    let error: string;
    try {
      const answer = await post({ batchId: uuidv7(), entries: batch.map((entry) => entry.record) });
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
      } else {
        error = outcome.error;
      }
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    this.#failures += 1;
    const delay = this.#backoff();
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
      nextRetryAt: this.#nextRetryAt,
    });
  }
}
