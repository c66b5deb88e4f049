import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Runs `tick` while the host is on the page: once on connect, then `intervalMs` after each tick
 * finishes, so a slow server never gets overlapping requests.
 */
export class PollController implements ReactiveController {
  readonly #intervalMs: number;
  readonly #tick: () => Promise<void>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #connected = false;

  constructor(host: ReactiveControllerHost, intervalMs: number, tick: () => Promise<void>) {
    this.#intervalMs = intervalMs;
    this.#tick = tick;
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    void this.#run();
  }

  hostDisconnected(): void {
    this.#connected = false;
    clearTimeout(this.#timer);
  }

  async #run(): Promise<void> {
    await this.#tick();
    if (this.#connected) this.#timer = setTimeout(() => void this.#run(), this.#intervalMs);
  }
}
