import { v7 as uuidv7 } from 'uuid';
import { MAX_BATCH, MAX_BATCH_BYTES, type SpoolStatus } from '../../protocol/index.ts';
import { WakeableSleep } from '../../protocol/wakeable-sleep.ts';
import type { GateLogger } from '../service/gate-logger.ts';
import { interpretIngestAnswer, retryAfterMs } from './server-answer.ts';
import type { PendingEntry, Spool } from './spool.ts';
import { callServer, type UplinkAnswer, type UplinkOptions } from './uplink.ts';

export interface ForwarderTiming {
  /** How often to ask the server's health while backing off from a server that could not be reached. */
  probeMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** How often to look for work when nothing kicks the forwarder. */
  idleMs: number;
}

export const DEFAULT_FORWARDER_TIMING: ForwarderTiming = {
  probeMs: 2_000,
  baseBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  idleMs: 60_000,
};

export interface ForwarderOptions {
  spool: Pick<Spool, 'unsent' | 'answered' | 'counts'>;
  uplink: UplinkOptions;
  logger: GateLogger;
  onStatus: (status: SpoolStatus) => void;
  timing?: Partial<ForwarderTiming>;
  batchSize?: number;
  /** A batch is cut short before its JSON would pass this many bytes. */
  maxBatchBytes?: number;
  random?: () => number;
}

/**
 * Sends the spool's unsent entries to the community server, fevers first then oldest, as many as
 * the server takes in one batch, so a day's backlog after an outage is a few round trips while
 * live traffic goes as it comes. Failures back off exponentially (with jitter, so gates coming
 * back online do not stampede the server), at least as long as the server's Retry-After asks;
 * while the server cannot be reached its health is asked every few seconds, and the backlog goes
 * the moment it answers. The server's per-record answers decide sent or rejected.
 */
export class Forwarder {
  readonly #options: ForwarderOptions;
  readonly #timing: ForwarderTiming;
  #running: Promise<void> | null = null;
  #stopping = false;
  #failures = 0;
  #unreachable = false;
  #certificateRefused = false;
  readonly #waits = new WakeableSleep();
  #lastSuccessAt: string | null = null;
  #lastError: string | null = null;
  #nextRetryAt: string | null = null;
  readonly #run = uuidv7();
  #seq = 0;

  constructor(options: ForwarderOptions) {
    this.#options = options;
    this.#timing = { ...DEFAULT_FORWARDER_TIMING, ...options.timing };
  }

  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#loop();
  }

  /** Resolves once the batch in flight, if any, has been answered and noted. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#waits.interrupt();
    await this.#running;
    this.#running = null;
  }

  /** New entries: counted at once, and sent now unless the forwarder is backing off from a failure. */
  kick(): void {
    this.#publish();
    if (this.#failures > 0) return;
    this.#waits.wake();
  }

  /**
   * The outcome of another call to the server (heartbeat, roster, PIN list): a certificate the gate
   * refuses is on the kiosk as soon as the gate first calls, not only once there is an entry to
   * send; a sound answer later lifts it.
   */
  noteServerCall(answer: UplinkAnswer): void {
    if (!answer.ok && answer.certificateRefused && !this.#certificateRefused) {
      this.#options.logger.warn(answer.message);
      this.#certificateRefused = true;
      this.#unreachable = true;
      this.#lastError = answer.message;
      this.#publish();
    } else if (answer.ok && this.#certificateRefused) {
      this.#options.logger.info("the community server's certificate is trusted again");
      this.#certificateRefused = false;
      this.#lastError = null;
      this.#publish();
    }
  }

  status(): SpoolStatus {
    const counts = this.#options.spool.counts();
    return {
      type: 'spool-status',
      at: new Date().toISOString(),
      run: this.#run,
      seq: this.#seq++,
      unsent: counts.unsent,
      rejected: counts.rejected,
      lastSuccessAt: this.#lastSuccessAt,
      lastError: this.#lastError,
      serverUnreachable: this.#lastError !== null && this.#unreachable,
      serverCertificateRefused: this.#lastError !== null && this.#certificateRefused,
      nextRetryAt: this.#nextRetryAt,
    };
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      let delay: number;
      try {
        delay = await this.#sendOnce();
      } catch (error) {
        // The spool itself failed (disk full, file gone): reported, and tried again after a pause.
        this.#options.logger.error(`forwarder: ${(error as Error).message}`);
        delay = this.#timing.maxBackoffMs;
      }
      if (this.#stopping) break;
      if (this.#failures > 0 && this.#unreachable) await this.#backOff(delay);
      else if (delay > 0) await this.#sleep(delay);
    }
  }

  /** Waits out a back-off, asking the server's health meanwhile; a sound answer ends the wait and the back-off. */
  async #backOff(delay: number): Promise<void> {
    const until = Date.now() + delay;
    for (let left = delay; left > 0 && !this.#stopping; left = until - Date.now()) {
      await this.#sleep(Math.min(this.#timing.probeMs, left));
      if (this.#stopping || until - Date.now() <= 0) return;
      const health = await callServer(this.#options.uplink, { method: 'GET', path: '/api/v1/health' });
      if (health.ok && health.status === 200) {
        this.#failures = 0;
        return;
      }
    }
  }

  /** The oldest unsent entries, cut short before the batch's JSON passes the byte budget (always at least one). */
  #fitToBudget(batch: PendingEntry[]): PendingEntry[] {
    const budget = this.#options.maxBatchBytes ?? MAX_BATCH_BYTES;
    let bytes = 0;
    for (let i = 0; i < batch.length; i++) {
      bytes += Buffer.byteLength(batch[i]!.json) + 1;
      if (bytes > budget && i > 0) return batch.slice(0, i);
    }
    return batch;
  }

  /** A wait that new entries end early, unless the forwarder is backing off from a failure. */
  #sleep(ms: number): Promise<void> {
    return this.#waits.sleep(ms, { wakeable: this.#failures === 0 });
  }

  /** One batch; answers how long to wait before the next. */
  async #sendOnce(): Promise<number> {
    const { spool, uplink } = this.#options;
    const batch = this.#fitToBudget(spool.unsent(this.#options.batchSize ?? MAX_BATCH));
    if (batch.length === 0) {
      this.#publish();
      return this.#timing.idleMs;
    }
    // The records go as the kiosk handed them over: their stored JSON, not parsed and written again.
    const json = `{"batchId":${JSON.stringify(uuidv7())},"entries":[${batch.map((entry) => entry.json).join(',')}]}`;
    const answer = await callServer(uplink, { method: 'POST', path: '/api/v1/ingest', json });
    const outcome = interpretIngestAnswer(answer);
    this.#certificateRefused = !answer.ok && answer.certificateRefused;
    let error: string;
    let unreachable: boolean;
    if (outcome.kind === 'results') {
      const ids = new Set(batch.map((entry) => entry.id));
      const resolved = outcome.results.filter((result) => result.id !== null && ids.has(result.id));
      if (resolved.length > 0) {
        spool.answered(resolved, new Date());
        this.#failures = 0;
        this.#lastSuccessAt = new Date().toISOString();
        this.#lastError = null;
        this.#nextRetryAt = null;
        this.#publish();
        return 0;
      }
      error = 'server answered for none of the batch';
      unreachable = false;
    } else {
      ({ error, unreachable } = outcome);
    }
    if (this.#lastError !== error) this.#options.logger.warn(`forwarder: ${batch.length} entries not sent: ${error}`);
    this.#failures += 1;
    this.#unreachable = unreachable;
    const hintedMs = answer.ok ? retryAfterMs(answer.retryAfter, Date.now()) : 0;
    // A server that says when to come back is taken at its word, up to the longest back-off.
    const delay = Math.max(this.#backoff(), Math.min(hintedMs, this.#timing.maxBackoffMs));
    this.#lastError = error;
    this.#nextRetryAt = new Date(Date.now() + delay).toISOString();
    this.#publish();
    return delay;
  }

  #backoff(): number {
    const { baseBackoffMs, maxBackoffMs } = this.#timing;
    const random = this.#options.random ?? Math.random;
    const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (this.#failures - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  #publish(): void {
    try {
      this.#options.onStatus(this.status());
    } catch (error) {
      this.#options.logger.error(`forwarder: cannot read the spool's counts: ${(error as Error).message}`);
    }
  }
}
