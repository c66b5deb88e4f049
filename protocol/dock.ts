import { z } from 'zod';
import { BuzzerPattern } from './hardware-commands.ts';
import { Celsius, Instant } from './common.ts';
import { DeviceKind } from './hardware-events.ts';

/**
 * The gate service's dock: drives the simulated kit from outside (demo, tests, `npm run gate`).
 * Answered only on loopback and only while the gate runs the simulated kit.
 */

export const DockScanRequest = z.object({ text: z.string().min(1).max(4096) });
export type DockScanRequest = z.infer<typeof DockScanRequest>;

export const DockTemperatureRequest = z.object({ objectC: Celsius, ambientC: Celsius.nullable().optional() });
export type DockTemperatureRequest = z.infer<typeof DockTemperatureRequest>;

/**
 * Lay a second-generation ID card on the simulated reader (`action: 'lay'`), or take it away. The
 * reader makes the card's text from these: sex and birth date from the number, as on a real card.
 * `fault`: the card leaves the reader mid-read, or the reader's next answer has a bad check byte.
 */
export const DockCardRequest = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('lay'),
    name: z.string().min(1).max(15),
    idNumber: z.string().regex(/^\d{17}[\dX]$/, 'an 18-character resident ID number'),
    validFrom: z.iso.date().optional(),
    /** Null: valid for life (长期). */
    validTo: z.iso.date().nullable().optional(),
    fault: z.enum(['pulled-mid-read', 'bad-check']).optional(),
  }),
  z.object({ action: z.literal('take') }),
]);
export type DockCardRequest = z.infer<typeof DockCardRequest>;

/** Pull a simulated device's cable (`/dock/unplug`) or plug it back in (`/dock/replug`). */
export const DockDeviceRequest = z.object({ device: DeviceKind });
export type DockDeviceRequest = z.infer<typeof DockDeviceRequest>;

/**
 * The simulated kit as the emulated Firmata board sees it: lights and relay from its pin levels,
 * the buzzer pattern the gate is playing, and which simulated devices are plugged in.
 */
export const DockState = z.object({
  board: z.literal('simulated'),
  link: z.enum(['pty', 'mock']),
  lights: z.object({ green: z.boolean(), red: z.boolean() }),
  buzzer: BuzzerPattern,
  /** The buzzer pin is high right now. */
  buzzerSounding: z.boolean().optional(),
  thermometer: z.enum(['gun', 'mlx90614', 'thermal-array']).optional(),
  plugged: z
    .object({ scanner: z.boolean(), thermometer: z.boolean(), board: z.boolean(), idCardReader: z.boolean().optional() })
    .optional(),
  /** An ID card lies on the simulated reader; absent when the kit has no reader. */
  cardOnReader: z.boolean().optional(),
  gate: z.object({
    open: z.boolean(),
    pulses: z.number().int().nonnegative(),
    lastPulseAt: Instant.nullable(),
    lastPulseMs: z.number().int().nullable(),
  }),
});
export type DockState = z.infer<typeof DockState>;
