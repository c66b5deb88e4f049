/**
 * Mainland China resident identity numbers (GB 11643-1999): 18 characters, the last an
 * ISO 7064 MOD 11-2 check character; the legacy form has 15 digits and no check.
 * Shared by the gate service (scans) and the kiosk (typed visitor numbers).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type ResidentIdCheck =
  | { ok: true; normalized: string; legacy: boolean; birthDate: string }
  | { ok: false; reason: 'format' | 'check-digit' | 'birth-date' };

export function checkDigitFor(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    year >= 1900 &&
    date.getTime() <= Date.now()
  );
}

export function checkResidentId(input: string): ResidentIdCheck {
  const text = input.trim().toUpperCase();
  if (/^\d{15}$/.test(text)) {
    const year = 1900 + Number(text.slice(6, 8));
    const month = Number(text.slice(8, 10));
    const day = Number(text.slice(10, 12));
    if (!validDate(year, month, day)) return { ok: false, reason: 'birth-date' };
    return { ok: true, normalized: text, legacy: true, birthDate: isoDate(year, month, day) };
  }
  if (!/^\d{17}[\dX]$/.test(text)) return { ok: false, reason: 'format' };
  const year = Number(text.slice(6, 10));
  const month = Number(text.slice(10, 12));
  const day = Number(text.slice(12, 14));
  if (!validDate(year, month, day)) return { ok: false, reason: 'birth-date' };
  if (checkDigitFor(text.slice(0, 17)) !== text[17]) return { ok: false, reason: 'check-digit' };
  return { ok: true, normalized: text, legacy: false, birthDate: isoDate(year, month, day) };
}

/** Looks like an ID number (so a failed check is reported as such, not as unknown text). */
export function looksLikeResidentId(input: string): boolean {
  return /^\s*(\d{15}|\d{17}[\dXx])\s*$/.test(input);
}

/** Keeps the region prefix and the last character: enough for a guard to compare with a card. */
export function maskResidentId(input: string): string {
  const text = input.trim().toUpperCase();
  if (text.length < 8) return '*'.repeat(text.length);
  return `${text.slice(0, 3)}${'*'.repeat(text.length - 4)}${text.slice(-1)}`;
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
