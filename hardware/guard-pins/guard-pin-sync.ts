import { GuardPinList } from '../../protocol/guard-pin.ts';
import type { GateLogger } from '../service/gate-logger.ts';
import { callServer, type UplinkOptions } from '../spool/uplink.ts';
import type { GuardPinStore } from './guard-pin-store.ts';

export const GUARD_PIN_SYNC_MS = 60_000;

export type GuardPinSyncResult = { ok: true; changed: boolean } | { ok: false; reason: string };

/**
 * Brings the guards' PIN hashes from the server (`GET /api/v1/guard-pins`, the gate's device token)
 * into the gate's own store: at start, every minute (a 304 when nothing changed), and when a screen
 * names a guard the store does not know yet. With the server away the store keeps what it had, so
 * sign-in works offline.
 */
export class GuardPinSync {
  readonly #store: GuardPinStore;
  readonly #uplink: UplinkOptions;
  readonly #logger: GateLogger;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<GuardPinSyncResult> | null = null;
  #lastFailure: string | null = null;

  constructor(options: { store: GuardPinStore; uplink: UplinkOptions; logger: GateLogger; intervalMs?: number }) {
    this.#store = options.store;
    this.#uplink = options.uplink;
    this.#logger = options.logger;
    this.#intervalMs = options.intervalMs ?? GUARD_PIN_SYNC_MS;
  }

  start(): void {
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** One fetch at a time: callers that arrive meanwhile share its result. */
  refresh(): Promise<GuardPinSyncResult> {
    this.#running ??= this.#fetch().finally(() => (this.#running = null));
    return this.#running;
  }

  async #fetch(): Promise<GuardPinSyncResult> {
    const answer = await callServer(this.#uplink, {
      method: 'GET',
      path: '/api/v1/guard-pins',
      ifNoneMatch: this.#store.etag ?? undefined,
    });
    if (!answer.ok) return this.#failed(`${answer.message}; the ${this.#store.guardCount} PINs already here still work`);
    if (answer.status === 304) return this.#succeeded(false);
    if (answer.status !== 200) return this.#failed(`server answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    let list: GuardPinList;
    try {
      const parsed = GuardPinList.safeParse(JSON.parse(answer.body));
      if (!parsed.success) return this.#failed(`server sent an invalid PIN list: ${parsed.error.message.slice(0, 200)}`);
      list = parsed.data;
    } catch {
      return this.#failed('server sent a PIN list that is not JSON');
    }
    const { guards, changed } = this.#store.replace(list, answer.etag);
    if (changed > 0) this.#logger.info(`guard PINs: ${guards} guards, ${changed} new or changed`);
    return this.#succeeded(true);
  }

  #succeeded(changed: boolean): GuardPinSyncResult {
    this.#lastFailure = null;
    return { ok: true, changed };
  }

  /** Logged once per kind of failure, not every minute of an outage. */
  #failed(reason: string): GuardPinSyncResult {
    if (reason !== this.#lastFailure) this.#logger.warn(`guard PINs not refreshed: ${reason}`);
    this.#lastFailure = reason;
    return { ok: false, reason };
  }
}
