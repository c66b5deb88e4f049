import { MLX90614_REGISTERS } from '../devices/thermometer/mlx90614.ts';
import type { SimulatedBoard } from './simulated-board.ts';

/**
 * A person stepping up to the emulated MLX90614. Whoever stood there before steps away first and
 * the driver is given a couple of samples of background, so it sees a new subject rather than the
 * previous one changing temperature.
 */
export class SimulatedInfraredSubject {
  private readonly emulator: SimulatedBoard;
  private readonly waitMs: number;

  /** `waitMs`: how long to wait for the driver's samples when it is not reading (board unplugged). */
  constructor(emulator: SimulatedBoard, waitMs = 2_000) {
    this.emulator = emulator;
    this.waitMs = waitMs;
  }

  async measure(objectC: number, ambientC: number | null): Promise<void> {
    const { sensor } = this.emulator;
    if (ambientC !== null) sensor.ambientC = ambientC;
    if (sensor.objectC !== sensor.ambientC) {
      sensor.objectC = sensor.ambientC;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.emulator.nextReads(MLX90614_REGISTERS.object, 2),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, this.waitMs);
        }),
      ]);
      clearTimeout(timer);
    }
    sensor.objectC = objectC;
  }
}
