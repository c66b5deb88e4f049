import { z } from 'zod';

/**
 * Mainland China resident identity numbers (GB 11643-1999): 18 characters, the last an
 * ISO 7064 MOD 11-2 check character; the legacy form has 15 digits and no check.
 * Shared by the gate service (scans), the kiosk (typed visitor numbers) and the server (roster).
 */

/** Why a number is not a resident ID number. */
export const ResidentIdProblem = z.enum(['format', 'province', 'birth-date', 'check-digit']);
export type ResidentIdProblem = z.infer<typeof ResidentIdProblem>;

/** The problem in words, for logs and API answers (the screens have their own, in both languages). */
export const RESIDENT_ID_PROBLEM_TEXT: Record<ResidentIdProblem, string> = {
  format: 'not a resident ID number',
  province: 'unknown province code (the first two digits)',
  'birth-date': 'impossible birth date',
  'check-digit': 'wrong check digit',
};

/**
 * The first two digits: the province-level division of GB/T 2260 where the number was issued;
 * 81, 82 and 83 begin the residence-permit numbers of Hong Kong, Macao and Taiwan residents.
 */
const PROVINCES = new Set([
  ...['11', '12', '13', '14', '15'],
  ...['21', '22', '23'],
  ...['31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46'],
  ...['50', '51', '52', '53', '54'],
  ...['61', '62', '63', '64', '65'],
  ...['71', '81', '82', '83'],
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type ResidentIdCheck =
  { ok: true; normalized: string; legacy: boolean; birthDate: string } | { ok: false; reason: ResidentIdProblem };

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

/**
 * `normalized` is always the 18-character form, and it is what gets hashed: a legacy 15-digit
 * number is upgraded (GB 11643-1999: the century `19` inserted before the two-digit birth year,
 * the check character computed), so one person's old and new numbers hash alike.
 */
export function checkResidentId(input: string): ResidentIdCheck {
  const text = input.trim().toUpperCase();
  if (/^\d{15}$/.test(text)) {
    if (!PROVINCES.has(text.slice(0, 2))) return { ok: false, reason: 'province' };
    const year = 1900 + Number(text.slice(6, 8));
    const month = Number(text.slice(8, 10));
    const day = Number(text.slice(10, 12));
    if (!validDate(year, month, day)) return { ok: false, reason: 'birth-date' };
    const body = `${text.slice(0, 6)}19${text.slice(6)}`;
    return { ok: true, normalized: body + checkDigitFor(body), legacy: true, birthDate: isoDate(year, month, day) };
  }
  if (!/^\d{17}[\dX]$/.test(text)) return { ok: false, reason: 'format' };
  if (!PROVINCES.has(text.slice(0, 2))) return { ok: false, reason: 'province' };
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
