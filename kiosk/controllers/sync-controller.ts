import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EntryRecord, SpoolStatus } from '../../protocol/index.ts';
import { logEntry, readLog, type Logged } from '../hand-over.ts';
import { Journal, type JournalEntry } from '../journal.ts';
import { latestSpoolStatus } from '../latest-spool-status.ts';
import { Outbox, type HeldStatus } from '../outbox.ts';

export interface SyncHandlers {
  /** The browser closed the journal under the page and it was opened again, perhaps empty. */
  onReopened: () => Promise<void>;
  /** What this screen holds changed (counted on every outbox pass). */
  onHeld: (held: HeldStatus) => void;
}

/**
 * The kiosk's way to the gate's spool (docs/reliability.md): logs each entry by handing it to the
 * gate, holds it in the journal only while the gate cannot be reached and hands it over when it
 * can, and keeps what the gate says of its road to the server. The status bar reads both.
 */
export class SyncController implements ReactiveController {
  /** The gate's spool and its road to the server, as the gate last said. */
  gate: SpoolStatus | null = null;
  /** What this screen holds because the gate was out of reach. */
  held: HeldStatus | null = null;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #handlers: SyncHandlers;
  #journal: Journal | null = null;
  #outbox: Outbox | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, handlers: SyncHandlers) {
    this.#host = host;
    this.#handlers = handlers;
    host.addController(this);
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
    this.#outbox = new Outbox({
      store: journal,
      onStatus: (status) => {
        this.held = status;
        this.#handlers.onHeld(status);
        this.#host.requestUpdate();
      },
      onGateStatus: (status) => this.gateSaid(status),
    });
    this.#outbox.start();
  }

  /** Hands the entry to the gate, or holds it here while the gate is away. Rejects if it is neither. */
  async log(record: EntryRecord): Promise<Logged> {
    const journal = this.#journal;
    if (!journal) throw new Error('the journal is not open');
    const logged = await logEntry(journal, record);
    if (logged.where === 'gate') this.gateSaid(logged.status);
    else this.#outbox?.kick();
    return logged;
  }

  /** The gate's word on its spool (on its event stream, or answering a hand-over). */
  gateSaid(status: SpoolStatus): void {
    this.gate = latestSpoolStatus(this.gate, status);
    this.#host.requestUpdate();
  }

  /** The gate answers again: whatever this screen held goes to it now. */
  gateBack(): void {
    this.#outbox?.kick();
  }

  /** The entries since an instant: the gate's, with what this screen still holds. */
  async entriesSince(since: Date): Promise<JournalEntry[]> {
    return this.#journal ? (await readLog(this.#journal, since)).entries : [];
  }

  hostDisconnected(): void {
    this.#outbox?.stop();
    this.#journal?.close();
  }

  async #reopened(): Promise<void> {
    console.warn('the browser closed the journal database; opened it again');
    await this.#handlers.onReopened();
    this.#outbox?.kick();
  }
}
