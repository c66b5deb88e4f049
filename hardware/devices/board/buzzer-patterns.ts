import type { BuzzerPattern } from '../../../protocol/hardware-commands.ts';

/**
 * What each buzzer pattern sounds like, as alternating on/off durations in milliseconds (starting
 * with on). Distinct rhythms, so a guard who is looking elsewhere still knows the decision.
 */
export const BUZZER_PATTERNS: Record<BuzzerPattern, readonly number[]> = {
  admit: [150],
  deny: [150, 150, 150, 150, 150],
  fever: [400, 200, 400, 200, 400, 200, 400, 200, 400, 200, 400],
  'device-error': [800, 400, 800],
  off: [],
};
