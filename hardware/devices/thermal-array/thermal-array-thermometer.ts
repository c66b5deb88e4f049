import type { SerialPortStream } from '@serialport/stream';
import { PortDevice } from '../connection/port-device.ts';
import type { PortSession, PortSessionControl, ReconnectingPortOptions } from '../connection/reconnecting-port.ts';
import { PresenceWindow } from '../thermometer/presence-window.ts';
import type { ThermometerReading } from '../thermometer/thermometer-reading.ts';
import { DEFAULT_FACE_FINDER, findFaces, smallFrame, type FaceFinderOptions, type FaceScene } from './face-finder.ts';
import { MODULE_COMMANDS, ThermalFrameParser, type ThermalFrameResult } from './gy-mcu90640-frame.ts';

export interface ThermalArrayOptions extends Omit<ReconnectingPortOptions, 'kind' | 'session' | 'onStatus'> {
  faces: FaceFinderOptions;
  /** Frames whose hottest face points must agree before a reading is reported (4 ≈ 1 s at 4 Hz). */
  windowSize: number;
  /** Largest spread of those hottest points that still counts as a face held still. */
  maxSpreadC: number;
  verifyChecksum: boolean;
  /** No good frame for this long: the module is silent, or at another baud rate. */
  frameTimeoutMs: number;
  /** This many refused frames in a row: the line is unusable; reopen it. */
  refusedFramesToReopen: number;
}

export const DEFAULT_THERMAL_ARRAY = {
  baudRate: 115200,
  faces: DEFAULT_FACE_FINDER,
  windowSize: 4,
  maxSpreadC: 0.3,
  verifyChecksum: true,
  frameTimeoutMs: 3000,
  refusedFramesToReopen: 8,
} as const;

const SCENE_REFUSALS: Partial<Record<FaceScene['kind'], string>> = {
  several: 'more than one person in front of the thermal array: one at a time',
  'too-far': 'someone is too far from the thermal array to measure: step closer (about half a metre)',
};

/**
 * A GY-MCU90640 thermal array on a serial port. It asks the module to stream frames, finds the
 * face in each, and reports one reading per person once the face's hottest point has held still
 * for `windowSize` frames: the hottest point (site `face-max`), the frame's ambient and a small
 * frame for the kiosk. Two people or a face too far away is said once, not per frame; a refused
 * frame is reported once per run of refusals and clears the window; a long run, or silence,
 * reopens the port.
 */
export class ThermalArrayThermometer extends PortDevice<ThermometerReading> {
  readonly #options: ThermalArrayOptions;

  constructor(options: ThermalArrayOptions) {
    super({ ...options, kind: 'thermometer' });
    this.#options = options;
  }

  protected session(port: SerialPortStream, control: PortSessionControl): PortSession {
    const options = this.#options;
    const parser = new ThermalFrameParser({ verifyChecksum: options.verifyChecksum });
    const window = new PresenceWindow({
      skinRangeC: options.faces.skinRangeC,
      windowSize: options.windowSize,
      maxSpreadC: options.maxSpreadC,
    });
    let answered = false;
    let refusedInARow = 0;
    let lastScene: FaceScene['kind'] = 'empty';
    let watchdog: NodeJS.Timeout | null = null;
    const watch = () => {
      if (watchdog) clearTimeout(watchdog);
      watchdog = setTimeout(
        () =>
          control.lost(
            `no thermal frame within ${options.frameTimeoutMs} ms: is the module powered and at ${options.baudRate} baud?`,
          ),
        options.frameTimeoutMs,
      );
    };
    const onFrame = (result: ThermalFrameResult) => {
      if (!result.ok) {
        window.clear();
        refusedInARow += 1;
        if (refusedInARow === 1) this.emit('data', { ok: false, reason: result.reason });
        if (refusedInARow >= options.refusedFramesToReopen)
          control.lost(`${refusedInARow} thermal frames refused in a row (last: ${result.reason})`);
        return;
      }
      refusedInARow = 0;
      watch();
      if (!answered) {
        answered = true;
        control.connected(null);
      }
      const scene = findFaces(result.image, options.faces);
      const refusal = SCENE_REFUSALS[scene.kind];
      if (scene.kind !== lastScene && refusal) this.emit('data', { ok: false, reason: refusal });
      lastScene = scene.kind;
      if (scene.kind !== 'face') return window.clear();
      const reading = window.push({ objectC: scene.maxC, ambientC: result.image.ambientC });
      if (reading)
        this.emit('data', {
          ok: true,
          objectC: reading.objectC,
          ambientC: reading.ambientC,
          site: 'face-max',
          thermalFrame: smallFrame(result.image, scene),
        });
    };
    parser.on('data', onFrame);
    port.pipe(parser);
    return {
      opened: () => {
        port.write(MODULE_COMMANDS.streamFrames);
        watch();
      },
      ended: () => {
        if (watchdog) clearTimeout(watchdog);
        port.unpipe(parser);
        parser.off('data', onFrame);
        parser.destroy();
      },
    };
  }
}
