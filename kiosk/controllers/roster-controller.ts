import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { RosterSnapshot } from '../../protocol/index.ts';
import type { Journal } from '../journal.ts';

const ROSTER_REFRESH_MS = 60_000;

/**
 * The roster the kiosk decides from: the cached copy from the journal at once, then the gate's
 * (the server's) every minute, asked with the version held so an unchanged roster costs a 304.
 */
export class RosterController implements ReactiveController {
  roster: RosterSnapshot | undefined = undefined;
  readonly #host: ReactiveControllerHost;
  readonly #onProblem: (reason: string) => void;
  #journal: Journal | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(host: ReactiveControllerHost, onProblem: (reason: string) => void) {
    this.#host = host;
    this.#onProblem = onProblem;
    host.addController(this);
  }

  async load(journal: Journal): Promise<void> {
    this.#journal = journal;
    this.roster = await journal.roster();
    this.#host.requestUpdate();
  }

  startRefreshing(): void {
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), ROSTER_REFRESH_MS);
  }

  /** Writes the roster held in memory back to a journal that came back empty. */
  async persist(): Promise<void> {
    if (this.roster) await this.#journal?.saveRoster(this.roster);
  }

  async refresh(): Promise<void> {
    const journal = this.#journal;
    if (!journal) return;
    try {
      const etag = this.roster ? await journal.setting('roster-etag') : null;
      const response = await fetch('uplink/roster', { headers: etag ? { 'if-none-match': etag } : {} });
      if (response.status === 304 || !response.ok) return;
      const parsed = RosterSnapshot.safeParse(await response.json());
      if (!parsed.success) {
        this.#onProblem('roster from the server is unreadable');
        return;
      }
      await journal.saveRoster(parsed.data);
      await journal.saveSetting('roster-etag', response.headers.get('etag'));
      this.roster = parsed.data;
      this.#host.requestUpdate();
    } catch {
      // Offline: the cached roster stays in force; the status bar shows the link state.
    }
  }

  hostDisconnected(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
