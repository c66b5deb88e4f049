import { z } from 'zod';
import { BuzzerPattern } from './hardware-commands.ts';
import { Celsius, Instant } from './common.ts';

/**
 * The gate service's dock: drives the simulated kit from outside (demo, tests, `npm run gate`).
 * Answered only on loopback and only while the gate runs the simulated kit.
 */

export const DockScanRequest = z.object({ text: z.string().min(1).max(4096) });
export type DockScanRequest = z.infer<typeof DockScanRequest>;

export const DockTemperatureRequest = z.object({ objectC: Celsius, ambientC: Celsius.nullable().optional() });
export type DockTemperatureRequest = z.infer<typeof DockTemperatureRequest>;

/** The simulated signal board: lights, buzzer and gate relay as last commanded. */
export const DockState = z.object({
  board: z.literal('simulated'),
  link: z.enum(['pty', 'mock']),
  lights: z.object({ green: z.boolean(), red: z.boolean() }),
  buzzer: BuzzerPattern,
  gate: z.object({
    open: z.boolean(),
    pulses: z.number().int().nonnegative(),
    lastPulseAt: Instant.nullable(),
    lastPulseMs: z.number().int().nullable(),
  }),
});
export type DockState = z.infer<typeof DockState>;
