import {
  commandChecksum,
  encodeThermalFrame,
  FRAME_COLUMNS,
  FRAME_PIXELS,
  FRAME_ROWS,
  MODULE_COMMANDS,
} from '../devices/thermal-array/gy-mcu90640-frame.ts';
import type { SimulatedLink } from './serial-link.ts';

/** A person facing the array: the hottest point of the face (T_Max in the physionet-irt data) and how far away. */
export interface ScenePerson {
  faceMaxC: number;
  distanceM: number;
  /** Where across the view the face is, 0 (left edge) to 1 (right edge); default the middle. */
  across?: number;
}

/** Something warm that is not a person: a cup of tea, a radiator. */
export interface SceneObject {
  tempC: number;
  /** Centre pixel and radius in pixels. */
  x: number;
  y: number;
  radius: number;
}

export interface ThermalScene {
  ambientC: number;
  people: ScenePerson[];
  objects: SceneObject[];
}

/** The common BAA lens: 55° across, 35° up and down. */
const FIELD_OF_VIEW_DEG = { across: 55, up: 35 };
const FACE_SIZE_M = { width: 0.15, height: 0.22 };
/** How far below the hottest point the rest of the face lies (forehead, cheeks), as in thermal images of faces. */
const FOREHEAD_BELOW_MAX_C = 0.6;
const CHEEKS_BELOW_MAX_C = 1.5;
/**
 * Beyond this a pixel is wider than the inner eye corner (the hottest point): the hottest pixel
 * mixes it with cooler skin. An assumed 0.5 °C per metre, not a measured figure.
 */
const SHARP_UP_TO_M = 0.8;
const SMEAR_C_PER_M = 0.5;

function pixelsAcross(metres: number, distanceM: number, fieldDeg: number, pixels: number): number {
  return (metres / (2 * distanceM * Math.tan(((fieldDeg / 2) * Math.PI) / 180))) * pixels;
}

/** The 768 pixel temperatures a GY-MCU90640 would compute for a scene (no sensor noise). */
export function renderScene(scene: ThermalScene): Float64Array {
  const pixels = new Float64Array(FRAME_PIXELS).fill(scene.ambientC);
  for (const person of scene.people) {
    const halfWidth = pixelsAcross(FACE_SIZE_M.width, person.distanceM, FIELD_OF_VIEW_DEG.across, FRAME_COLUMNS) / 2;
    const halfHeight = pixelsAcross(FACE_SIZE_M.height, person.distanceM, FIELD_OF_VIEW_DEG.up, FRAME_ROWS) / 2;
    const cx = (person.across ?? 0.5) * (FRAME_COLUMNS - 1);
    const cy = (FRAME_ROWS - 1) / 2;
    const hottest = person.faceMaxC - Math.max(0, person.distanceM - SHARP_UP_TO_M) * SMEAR_C_PER_M;
    const inFace = (x: number, y: number) =>
      ((x - cx) / Math.max(halfWidth, 0.5)) ** 2 + ((y - cy) / Math.max(halfHeight, 0.5)) ** 2 <= 1;
    let eye: { at: number; d: number } | null = null;
    for (let y = 0; y < FRAME_ROWS; y++)
      for (let x = 0; x < FRAME_COLUMNS; x++) {
        if (!inFace(x, y)) continue;
        const at = y * FRAME_COLUMNS + x;
        pixels[at] = person.faceMaxC - (y < cy ? FOREHEAD_BELOW_MAX_C : CHEEKS_BELOW_MAX_C);
        // The inner eye corner: the face pixel nearest to a little above the face's centre.
        const d = (x - cx) ** 2 + (y - (cy - halfHeight * 0.15)) ** 2;
        if (!eye || d < eye.d) eye = { at, d };
      }
    if (eye) pixels[eye.at] = hottest;
  }
  for (const object of scene.objects)
    for (let y = 0; y < FRAME_ROWS; y++)
      for (let x = 0; x < FRAME_COLUMNS; x++)
        if ((x - object.x) ** 2 + (y - object.y) ** 2 <= object.radius ** 2) pixels[y * FRAME_COLUMNS + x] = object.tempC;
  return pixels;
}

/**
 * A GY-MCU90640 as its serial port sees it: silent until told to stream (`A5 35 02 DC`), then a
 * real 1544-byte frame of the current scene every 1/rateHz seconds; `A5 35 01 DB` stops the
 * stream and sends one frame. Commands with a bad checksum are ignored, as the module does.
 */
export class SimulatedThermalArray {
  readonly #link: SimulatedLink;
  readonly #periodMs: number;
  #scene: ThermalScene = { ambientC: 22, people: [], objects: [] };
  #timer: NodeJS.Timeout | null = null;
  #pending = Buffer.alloc(0);
  #frames = 0;
  readonly #frameWaiters: { target: number; resolve: () => void }[] = [];

  constructor(link: SimulatedLink, rateHz = 4) {
    this.#link = link;
    this.#periodMs = Math.round(1000 / rateHz);
    link.onData((bytes) => this.#command(bytes));
  }

  get scene(): ThermalScene {
    return this.#scene;
  }

  get streaming(): boolean {
    return this.#timer !== null;
  }

  set(scene: Partial<ThermalScene>): void {
    this.#scene = { ...this.#scene, ...scene };
  }

  /** Resolves once `count` more frames have been written. */
  nextFrames(count: number): Promise<void> {
    return new Promise((resolve) => this.#frameWaiters.push({ target: this.#frames + count, resolve }));
  }

  /** A person steps up: whoever stood there leaves first, for long enough that the gate sees nobody. */
  async measure(objectC: number, ambientC: number | null): Promise<void> {
    if (ambientC !== null) this.set({ ambientC });
    if (this.#scene.people.length > 0 && this.streaming) {
      this.set({ people: [] });
      await Promise.race([this.nextFrames(2), new Promise((resolve) => setTimeout(resolve, 4 * this.#periodMs))]);
    }
    this.set({ people: [{ faceMaxC: objectC, distanceM: 0.6 }], objects: [] });
  }

  /** Bytes straight onto the line: noise, a cut-off frame. */
  writeRaw(bytes: Uint8Array): Promise<void> {
    return this.#link.write(bytes);
  }

  frame(): Buffer {
    return encodeThermalFrame({ pixelsC: renderScene(this.#scene), ambientC: this.#scene.ambientC });
  }

  close(): void {
    this.#stop();
  }

  #command(bytes: Buffer): void {
    this.#pending = Buffer.concat([this.#pending, bytes]);
    for (;;) {
      const start = this.#pending.indexOf(0xa5);
      if (start < 0 || this.#pending.length - start < 4) {
        this.#pending = start < 0 ? Buffer.alloc(0) : this.#pending.subarray(start);
        return;
      }
      const command = this.#pending.subarray(start, start + 4);
      this.#pending = this.#pending.subarray(start + 4);
      if (commandChecksum(command) !== command[3]) continue;
      if (command.equals(MODULE_COMMANDS.streamFrames) && !this.#timer)
        this.#timer = setInterval(() => this.#send(), this.#periodMs);
      if (command.equals(MODULE_COMMANDS.oneFrame)) {
        this.#stop();
        this.#send();
      }
    }
  }

  #send(): void {
    this.#link.write(this.frame()).then(
      () => {
        this.#frames += 1;
        for (const waiter of this.#frameWaiters.filter((w) => w.target <= this.#frames)) {
          this.#frameWaiters.splice(this.#frameWaiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      },
      // Unplugged: the module's frames go nowhere, and it stops streaming as a power cut would.
      () => this.#stop(),
    );
  }

  #stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
