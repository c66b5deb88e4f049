import type { SpoolStatus } from '../protocol/index.ts';
import { WakeableSleep } from '../protocol/wakeable-sleep.ts';
import { GateDiskFull, handOverHeld } from './hand-over.ts';
import type { Journal } from './journal.ts';

/** What this screen holds: entries the gate has not taken yet, and entries the gate refused. */
export interface HeldStatus {
  held: number;
  refused: number;
  /** Why the last hand-over failed (the gate out of reach); null once one succeeded. */
  lastError: string | null;
  /** The last hand-over failed because the gate's disk is full: it cannot save. */
  gateDiskFull: boolean;
}

export interface OutboxOptions {
  store: Pick<Journal, 'unsent' | 'handedOver' | 'count'>;
  onStatus: (status: HeldStatus) => void;
  /** The gate's status as it answered the last hand-over. */
  onGateStatus: (status: SpoolStatus) => void;
  fetch?: typeof fetch;
  /** Retries back off from this, doubling, to `maxRetryMs`: the gate is on the same box or the same LAN. */
  retryMs?: number;
  maxRetryMs?: number;
  /** How often to look for held entries when nothing kicks the outbox. */
  idleMs?: number;
}

/**
 * Hands the entries this screen held while the gate was out of reach to the gate, as soon as it
 * answers: kicked when an entry is held and when the gate's event stream opens again, and retried
 * meanwhile. One hand-over at a time; nothing is deleted here before the gate has it on disk.
 */
export class Outbox {
  readonly #options: Required<Omit<OutboxOptions, 'fetch'>> & { fetch: typeof fetch | undefined };
  #running = false;
  #failures = 0;
  #lastError: string | null = null;
  #gateDiskFull = false;
  readonly #waits = new WakeableSleep();

  constructor(options: OutboxOptions) {
    this.#options = { retryMs: 1_000, maxRetryMs: 10_000, idleMs: 30_000, fetch: undefined, ...options };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#loop();
  }

  stop(): void {
    this.#running = false;
    this.#waits.interrupt();
  }

  /** Something to hand over, or the gate back: counted now, tried now. */
  kick(): void {
    void this.#publish();
    this.#waits.wake();
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      const delay = await this.#handOverOnce();
      if (this.#running) await this.#waits.sleep(delay);
    }
  }

  async #handOverOnce(): Promise<number> {
    const { store, retryMs, maxRetryMs, idleMs } = this.#options;
    try {
      if ((await store.count('unsent')) > 0) {
        const status = await handOverHeld(store, this.#options.fetch ?? fetch);
        if (status) this.#options.onGateStatus(status);
      }
      this.#failures = 0;
      this.#lastError = null;
      this.#gateDiskFull = false;
      await this.#publish();
      return idleMs;
    } catch (cause) {
      this.#failures += 1;
      this.#lastError = cause instanceof Error ? cause.message : String(cause);
      this.#gateDiskFull = cause instanceof GateDiskFull;
      await this.#publish();
      return Math.min(maxRetryMs, retryMs * 2 ** (this.#failures - 1));
    }
  }

  async #publish(): Promise<void> {
    try {
      const [held, refused] = await Promise.all([this.#options.store.count('unsent'), this.#options.store.count('rejected')]);
      this.#options.onStatus({ held, refused, lastError: this.#lastError, gateDiskFull: this.#gateDiskFull });
    } catch {
      // The journal is being reopened under the page; the next pass reports.
    }
  }
}
