import { PairResponse } from '../protocol/pairing.ts';

export type PairingState = 'paired' | 'unpaired' | 'unreachable';
export type PairingAnswer = 'paired' | 'wrong-code' | 'too-many-tries' | 'unreachable';

/** Whether the gate knows this screen (its credential is an HttpOnly cookie the page never sees). */
export async function pairingState(): Promise<PairingState> {
  try {
    const response = await fetch('pairing/status');
    if (response.status === 401) return 'unpaired';
    return response.ok && PairResponse.safeParse(await response.json()).success ? 'paired' : 'unreachable';
  } catch {
    // The gate is away: the kiosk works on, holding entries, as a paired screen would.
    return 'unreachable';
  }
}

/** Enters the code the gate showed; the gate answers with the screen's cookie. */
export async function pairWithCode(code: string, name: string): Promise<PairingAnswer> {
  try {
    const response = await fetch('pairing', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.trim(), ...(name.trim() ? { name: name.trim() } : {}) }),
    });
    if (response.ok) return 'paired';
    if (response.status === 429) return 'too-many-tries';
    return response.status === 403 || response.status === 400 ? 'wrong-code' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}

/** `npm start` opens the kiosk with `#pair=<code>`: the demo screen pairs itself with no step for the user. */
export function codeFromAddress(hash: string): string | null {
  return /^#pair=(\d{6})$/.exec(hash)?.[1] ?? null;
}
