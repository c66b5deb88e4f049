import { z } from 'zod';

export const BuzzerPattern = z.enum(['admit', 'deny', 'fever', 'device-error', 'off']);
export type BuzzerPattern = z.infer<typeof BuzzerPattern>;

export const HardwareCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('lights'), green: z.boolean(), red: z.boolean() }),
  z.object({ type: z.literal('buzzer'), pattern: BuzzerPattern }),
  /** Pulse the gate relay; the length defaults to the gate's configuration. */
  z.object({ type: z.literal('gate'), pulseMs: z.number().int().min(100).max(10_000).optional() }),
]);
export type HardwareCommand = z.infer<typeof HardwareCommand>;
