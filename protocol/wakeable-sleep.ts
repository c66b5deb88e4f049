/**
 * The wait between the passes of a loop that hands work on (the gate's forwarder, the kiosk's
 * outbox): it ends after its time, or as soon as the loop is woken because there is work. A wake
 * that comes while no wait is armed (the loop is busy) ends the next wait at once, so no work waits
 * out a whole pause. Runs the same in Node and in the browser: a timer, nothing else.
 */
export class WakeableSleep {
  #end: (() => void) | null = null;
  #woken = false;

  /** There is work: ends the wait in progress, or else the next one. */
  wake(): void {
    if (this.#end) this.#end();
    else this.#woken = true;
  }

  /** Ends the wait in progress only (the loop is stopping); the next wait is not shortened. */
  interrupt(): void {
    this.#end?.();
  }

  /**
   * Waits `ms`, or until woken. `wakeable: false` serves a wait in full even after a wake that came
   * while the loop was busy (backing off from a failure); that wake still ends a later wait.
   */
  sleep(ms: number, options: { wakeable?: boolean } = {}): Promise<void> {
    if (this.#woken && options.wakeable !== false) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      this.#end = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.#end = null;
    });
  }
}
