/**
 * Decides when an infrared sensor that samples all the time is looking at a person: the object
 * temperature is in the human skin range and has held still over the last few samples. One
 * reading per person: after reporting, it waits for the subject to leave (a sample outside the
 * skin range) before it reports again.
 */

export interface PresenceOptions {
  /** Forehead skin, cold outdoors to feverish; both ends inclusive. */
  skinRangeC: { min: number; max: number };
  /** Samples that must agree before a reading is reported. */
  windowSize: number;
  /** Largest spread (max − min) of the window that still counts as stable. */
  maxSpreadC: number;
}

export const DEFAULT_PRESENCE: PresenceOptions = { skinRangeC: { min: 30, max: 43 }, windowSize: 5, maxSpreadC: 0.3 };

export interface Sample {
  objectC: number;
  ambientC: number;
}

export class PresenceWindow {
  private readonly options: PresenceOptions;
  private samples: Sample[] = [];
  private reported = false;

  constructor(options: PresenceOptions = DEFAULT_PRESENCE) {
    if (!Number.isInteger(options.windowSize) || options.windowSize < 1)
      throw new TypeError(`windowSize must be a positive integer, got ${options.windowSize}`);
    if (!(options.skinRangeC.min < options.skinRangeC.max)) throw new TypeError('skinRangeC.min must be below skinRangeC.max');
    this.options = options;
  }

  /** The median of a stable window when a new subject's reading is ready, else null. */
  push(sample: Sample): Sample | null {
    const { skinRangeC, windowSize, maxSpreadC } = this.options;
    if (sample.objectC < skinRangeC.min || sample.objectC > skinRangeC.max) {
      this.clear();
      return null;
    }
    this.samples.push(sample);
    if (this.samples.length > windowSize) this.samples.shift();
    if (this.reported || this.samples.length < windowSize) return null;
    const objects = this.samples.map((s) => s.objectC);
    if (Math.max(...objects) - Math.min(...objects) > maxSpreadC) return null;
    this.reported = true;
    return { objectC: median(objects), ambientC: median(this.samples.map((s) => s.ambientC)) };
  }

  /** Forget everything: the subject left, or the samples can no longer be trusted to be one person's. */
  clear(): void {
    this.samples = [];
    this.reported = false;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : Math.round(((sorted[middle - 1]! + sorted[middle]!) / 2) * 100) / 100;
}
