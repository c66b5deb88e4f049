import { GateReport, HeartbeatAnswer } from '../../protocol/fleet.ts';
import type { DatabaseIdentity } from '../../protocol/server-identity.ts';
import type { GateLogger } from '../service/gate-logger.ts';

/** The server's answer to one heartbeat, or why there was none. */
export type HeartbeatSent = { ok: true; status: number; body: string } | { ok: false; message: string };

export interface HeartbeatOptions {
  /** Builds the report from the gate's state at the moment it is sent. */
  report: () => GateReport;
  /** POSTs the report to /api/v1/device/heartbeat with the device credential and the protocol it speaks. */
  send: (report: GateReport) => Promise<HeartbeatSent>;
  /** The server named its database: a new one after a restore makes the gate offer its entries again. */
  onDatabase?: (database: DatabaseIdentity) => void;
  logger: GateLogger;
  intervalMs?: number;
  now?: () => Date;
}

export const HEARTBEAT_INTERVAL_MS = 60_000;
/** A kick this soon after the last heartbeat waits for the next: a backlog drains in many batches. */
export const HEARTBEAT_MIN_SPACING_MS = 5_000;

export interface HeartbeatState {
  lastSentAt: string | null;
  lastAnsweredAt: string | null;
  lastError: string | null;
  /** The server's clock minus the gate's, from the last answer (half the round trip counted). */
  clockOffsetMs: number | null;
}

/**
 * Tells the community server how this gate is, every minute and after each batch it sends
 * (`kick`), so the fleet page sees a gate go silent, its backlog grow, a device fail or a
 * calibration run out. A failed heartbeat is only logged (once per different reason): the next
 * one tries again, and the entries never wait for it.
 */
export class GateHeartbeat {
  readonly #options: HeartbeatOptions;
  readonly #now: () => Date;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inFlight: Promise<void> | null = null;
  #stopped = true;
  #lastBeatMs: number | null = null;
  readonly #state: HeartbeatState = { lastSentAt: null, lastAnsweredAt: null, lastError: null, clockOffsetMs: null };

  constructor(options: HeartbeatOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  get state(): HeartbeatState {
    return { ...this.#state };
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#inFlight;
  }

  /** Sends a heartbeat now (unless one is on its way or one went within the spacing), then every interval again. */
  kick(): void {
    if (this.#lastBeatMs !== null && Date.now() - this.#lastBeatMs < HEARTBEAT_MIN_SPACING_MS) return;
    this.#beatNow();
  }

  /** The timer's beat is never refused by the spacing: it is the heartbeat itself, whatever its interval. */
  #beatNow(): void {
    if (this.#stopped || this.#inFlight) return;
    this.#lastBeatMs = Date.now();
    if (this.#timer) clearTimeout(this.#timer);
    this.#inFlight = this.beat().finally(() => {
      this.#inFlight = null;
      if (!this.#stopped) this.#timer = setTimeout(() => this.#beatNow(), this.#options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
    });
  }

  /** One heartbeat; never throws. */
  async beat(): Promise<void> {
    const { logger } = this.#options;
    let report: GateReport;
    try {
      report = GateReport.parse(this.#options.report());
    } catch (error) {
      return this.#failed(`the gate could not put its report together: ${(error as Error).message}`);
    }
    const sentMs = this.#now().getTime();
    this.#state.lastSentAt = report.sentAt;
    const sent = await this.#options.send(report);
    if (!sent.ok) return this.#failed(sent.message);
    if (sent.status !== 200)
      return this.#failed(`the server answered the heartbeat with HTTP ${sent.status}: ${sent.body.slice(0, 200)}`);
    let answer: HeartbeatAnswer;
    try {
      answer = HeartbeatAnswer.parse(JSON.parse(sent.body));
    } catch {
      return this.#failed('the server answered the heartbeat with something unreadable');
    }
    const answeredMs = this.#now().getTime();
    this.#state.lastAnsweredAt = new Date(answeredMs).toISOString();
    this.#state.clockOffsetMs = Date.parse(answer.serverTime) - (sentMs + answeredMs) / 2;
    if (this.#state.lastError !== null) logger.info('heartbeat: the server answers again');
    this.#state.lastError = null;
    this.#options.onDatabase?.(answer.database);
  }

  #failed(reason: string): void {
    if (this.#state.lastError !== reason) this.#options.logger.warn(`heartbeat: ${reason}`);
    this.#state.lastError = reason;
  }
}
