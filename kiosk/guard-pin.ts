import { PinCheckAnswer } from '../protocol/guard-pin.ts';

export type PinCheck = PinCheckAnswer | { outcome: 'unreachable' } | { outcome: 'not-paired' };

/**
 * Asks the gate to check a guard's PIN (`POST /pin-check`, the screen's cookie with it): the gate
 * keeps the hashes and counts the wrong tries; the kiosk hears only the outcome. The gate is on the
 * same machine or the same LAN, so this works with the community server away.
 */
export async function checkGuardPin(guardId: string, pin: string): Promise<PinCheck> {
  try {
    const response = await fetch('pin-check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ guardId, pin }),
    });
    if (response.status === 401) return { outcome: 'not-paired' };
    const answer = PinCheckAnswer.safeParse(await response.json());
    return answer.success ? answer.data : { outcome: 'unreachable' };
  } catch {
    return { outcome: 'unreachable' };
  }
}
