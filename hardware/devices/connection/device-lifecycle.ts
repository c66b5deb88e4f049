import type { DeviceKind, DeviceStatus } from '../../../protocol/hardware-events.ts';

export interface BackoffOptions {
  /** First retry delay; doubled after every failed attempt. */
  initialMs: number;
  maxMs: number;
  /** After this many failed attempts in a row the status says `failed` (retries go on at maxMs). */
  failAfterAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 15_000, failAfterAttempts: 6 };

export interface DeviceLifecycleOptions {
  deviceId: string;
  device: DeviceKind;
  backoff: BackoffOptions;
  now: () => Date;
  initialReason: string;
  emit: (status: DeviceStatus) => void;
}

/**
 * A device's status and its retry schedule, shared by every driver that reconnects: failures back
 * off exponentially up to a cap and turn `reconnecting` into `failed` after a while; a success
 * starts the count again.
 */
export class DeviceLifecycle {
  readonly #options: DeviceLifecycleOptions;
  #failedAttempts = 0;
  #current: DeviceStatus;

  constructor(options: DeviceLifecycleOptions) {
    this.#options = options;
    this.#current = this.#statusOf('reconnecting', options.initialReason);
  }

  get current(): DeviceStatus {
    return this.#current;
  }

  connected(reason: string | null): void {
    this.#failedAttempts = 0;
    this.#set('connected', reason);
  }

  /** Reports the failure and answers how long to wait before the next attempt. */
  failed(reason: string): number {
    const { backoff } = this.#options;
    this.#failedAttempts += 1;
    const delay = Math.min(backoff.initialMs * 2 ** (this.#failedAttempts - 1), backoff.maxMs);
    const state = this.#failedAttempts >= backoff.failAfterAttempts ? 'failed' : 'reconnecting';
    this.#set(state, `${reason}; retrying in ${delay} ms`);
    return delay;
  }

  #set(state: DeviceStatus['state'], reason: string | null): void {
    // Once the backoff is capped every retry has the same reason: say it once, not every few seconds.
    if (state === this.#current.state && reason === this.#current.reason) return;
    this.#current = this.#statusOf(state, reason);
    this.#options.emit(this.#current);
  }

  #statusOf(state: DeviceStatus['state'], reason: string | null): DeviceStatus {
    return {
      type: 'device-status',
      deviceId: this.#options.deviceId,
      device: this.#options.device,
      at: this.#options.now().toISOString(),
      state,
      reason: reason === null ? null : reason.slice(0, 300),
    };
  }
}
