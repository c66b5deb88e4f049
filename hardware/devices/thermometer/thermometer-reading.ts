import type { MeasuringSite } from '../../../protocol/common.ts';
import type { ThermalFrame } from '../../../protocol/hardware-events.ts';
import type { GunReading } from './thermometer-gun-parser.ts';

/**
 * One subject's reading from any thermometer, or why there is none. A gun or a spot sensor gives a
 * forehead value; a thermal array says where it measured and what it saw.
 */
export type ThermometerReading =
  GunReading | { ok: true; objectC: number; ambientC: number | null; site: MeasuringSite; thermalFrame?: ThermalFrame };
