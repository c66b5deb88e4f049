import { z } from 'zod';
import { HardwareCommand } from './hardware-commands.ts';

/**
 * The kiosk tells its gate how many entries it holds itself (in IndexedDB: the gate could not take
 * them), whenever that changes and when the link opens; the gate puts it in its heartbeat, and the
 * Fleet page shows it under the screen.
 */
export const ScreenHolding = z.object({ type: z.literal('screen-holding'), entries: z.number().int().nonnegative() });
export type ScreenHolding = z.infer<typeof ScreenHolding>;

/** What a kiosk sends on its gate's event stream: a command for the gate's lights, buzzer and relay, or what it holds. */
export const ScreenMessage = z.discriminatedUnion('type', [HardwareCommand, ScreenHolding]);
export type ScreenMessage = z.infer<typeof ScreenMessage>;
