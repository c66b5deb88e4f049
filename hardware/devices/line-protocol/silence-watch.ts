/**
 * Calls back once a device has been quiet for `idleMs` while something is pending. Scanners and
 * guns send a whole line within milliseconds, so a line still unfinished after a second is broken.
 */
export class SilenceWatch {
  private readonly idleMs: number | null;
  private readonly onSilence: () => void;
  private timer: NodeJS.Timeout | null = null;

  /** `idleMs` null: never. */
  constructor(idleMs: number | null, onSilence: () => void) {
    if (idleMs !== null && !(Number.isInteger(idleMs) && idleMs > 0))
      throw new TypeError(`idleMs must be a positive integer or null, got ${String(idleMs)}`);
    this.idleMs = idleMs;
    this.onSilence = onSilence;
  }

  /** Bytes arrived; `pending` says whether an unfinished line is left waiting. */
  activity(pending: boolean): void {
    this.stop();
    if (!pending || this.idleMs === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onSilence();
    }, this.idleMs);
    // A quiet device must not keep the process alive on its own.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
