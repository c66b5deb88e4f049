import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EntryRecord } from '../../protocol/index.ts';
import { logEntry, restoreFromGate } from '../gate-copy.ts';
import { Journal } from '../journal.ts';
import { Outbox, type OutboxStatus } from '../outbox.ts';

const RESTORE_RETRY_MS = 10_000;
/** How long the status bar says entries were taken back: news at start-up, not all shift. */
const RESTORED_SHOWN_MS = 120_000;

export interface SyncHandlers {
  /** The browser closed the journal under the page and it was opened again, perhaps empty. */
  onReopened: () => Promise<void>;
  /** Entries came back from the gate copy: what lists them should read again. */
  onRestored: () => void;
}

/**
 * The kiosk's store and its way to the server: opens the journal, logs each entry, runs the outbox,
 * and takes back from the gate copy whatever the journal lacks. The status bar reads its counts.
 */
export class SyncController implements ReactiveController {
  status: OutboxStatus | null = null;
  /** Entries taken back from the gate copy since the page opened. */
  restored = 0;
  #restoredAt: number | null = null;
  /** While entries are being taken back: how many so far, of how many missing. */
  restoring: { restored: number; missing: number } | null = null;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #handlers: SyncHandlers;
  #journal: Journal | null = null;
  #outbox: Outbox | null = null;
  #retry: ReturnType<typeof setTimeout> | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, handlers: SyncHandlers) {
    this.#host = host;
    this.#handlers = handlers;
    host.addController(this);
  }

  /** Entries taken back lately (the status bar's pill), 0 once that news is two minutes old. */
  get recentlyRestored(): number {
    return this.#restoredAt !== null && Date.now() - this.#restoredAt < RESTORED_SHOWN_MS ? this.restored : 0;
  }

  get journal(): Journal | null {
    return this.#journal;
  }

  /** Opens the journal; throws when the browser has no IndexedDB to give. */
  async open(): Promise<Journal> {
    this.#journal = await Journal.open(undefined, () => void this.#reopened());
    return this.#journal;
  }

  start(): void {
    const journal = this.#journal;
    if (!journal) return;
    // Not awaited: a new screen may take back thousands of entries, and the guard can work meanwhile.
    void this.#restoreFromGate();
    this.#outbox = new Outbox({
      store: journal,
      post: async (batch) => {
        const response = await fetch('uplink/entries', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(batch),
        });
        return {
          status: response.status,
          body: await response.json().catch(() => null),
          retryAfter: response.headers.get('retry-after'),
        };
      },
      probe: async () => (await fetch('uplink/health')).ok,
      onStatus: (status) => {
        this.status = status;
        this.#host.requestUpdate();
      },
    });
    this.#outbox.start();
  }

  /** Writes the entry durably (the kiosk's "logged") and wakes the outbox. Rejects if it was not. */
  async log(record: EntryRecord): Promise<void> {
    const journal = this.#journal;
    if (!journal) throw new Error('the journal is not open');
    await logEntry(journal, record);
    this.#outbox?.kick();
  }

  hostDisconnected(): void {
    if (this.#retry) clearTimeout(this.#retry);
    this.#outbox?.stop();
    this.#journal?.close();
  }

  async #reopened(): Promise<void> {
    console.warn('the browser closed the journal database; opened it again and checking it against the gate copy');
    await this.#handlers.onReopened();
    await this.#restoreFromGate();
  }

  /**
   * Takes back from the gate whatever the journal lacks, with progress on screen; retried while the
   * gate cannot answer. `journal-checked` on the element says it has run (the drills wait for it).
   */
  async #restoreFromGate(): Promise<void> {
    const journal = this.#journal;
    if (!journal) return;
    let done = 0;
    try {
      await restoreFromGate(journal, (restored, missing) => {
        done = restored;
        this.restoring = { restored: this.restored + restored, missing };
        this.#host.requestUpdate();
      });
      this.restoring = null;
      this.restored += done;
      this.#host.toggleAttribute('journal-checked', true);
      if (done > 0) {
        this.#restoredAt = Date.now();
        this.#outbox?.kick();
        this.#handlers.onRestored();
      }
    } catch (cause) {
      this.restoring = null;
      this.restored += done;
      console.warn(`gate copy not checked, retrying: ${cause instanceof Error ? cause.message : String(cause)}`);
      this.#retry = setTimeout(() => void this.#restoreFromGate(), RESTORE_RETRY_MS);
    }
    this.#host.requestUpdate();
  }
}
