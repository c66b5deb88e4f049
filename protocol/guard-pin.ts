import { z } from 'zod';
import { Instant } from './common.ts';

/** A kiosk PIN: 4 to 6 digits; six is what the console asks for. */
export const GUARD_PIN_DIGITS = { min: 4, max: 6, advised: 6 } as const;
export const GuardPin = z
  .string()
  .regex(new RegExp(`^\\d{${GUARD_PIN_DIGITS.min},${GUARD_PIN_DIGITS.max}}$`), 'a guard PIN is 4 to 6 digits');

/**
 * A guard's PIN as the server keeps it and sends it to its gates (issue 15): a slow salted hash with
 * its parameters. PINs set before the gate checked them are PBKDF2 records (the browser verified
 * them then) whose length nobody knows; those set since are scrypt with their number of digits.
 */
export const GuardPinRecord = z.discriminatedUnion('algorithm', [
  z.object({
    algorithm: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(1024)
      .max(2 ** 17),
    r: z.number().int().min(1).max(16),
    p: z.number().int().min(1).max(16),
    salt: z.string().min(16),
    hash: z.string().min(32),
    digits: z.number().int().min(GUARD_PIN_DIGITS.min).max(GUARD_PIN_DIGITS.max),
  }),
  z.object({
    algorithm: z.literal('PBKDF2-SHA-256'),
    iterations: z.number().int().min(10_000),
    salt: z.string().min(16),
    hash: z.string().min(32),
    digits: z.null(),
  }),
]);
export type GuardPinRecord = z.infer<typeof GuardPinRecord>;

/**
 * `GET /api/v1/guard-pins` (device token): every guard's PIN hash, for the gate's own store. The
 * gate never serves it on: screens ask the gate to check a PIN (`POST /pin-check`).
 */
export const GuardPinList = z.object({
  guards: z.array(z.object({ id: z.string().min(1).max(64), pin: GuardPinRecord })),
});
export type GuardPinList = z.infer<typeof GuardPinList>;

/** `POST /pin-check` on the gate, from a paired screen. */
export const PinCheckRequest = z.object({
  guardId: z.string().min(1).max(64),
  pin: z.string().max(32),
});
export type PinCheckRequest = z.infer<typeof PinCheckRequest>;

/**
 * The gate's answer, a reason the kiosk says in the guard's language. `scope` says whose count
 * ran out: the guard's own, or this screen's (tries across every guard on it).
 */
export const PinCheckAnswer = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('accepted'), guardId: z.string() }),
  /** The PIN is wrong; `triesLeft` before the lock; the next try is taken from `retryAt` on. */
  z.object({
    outcome: z.literal('wrong-pin'),
    triesLeft: z.number().int().nonnegative(),
    retryAt: Instant.nullable(),
  }),
  /** Too soon after a wrong PIN: nothing was checked and nothing counted. */
  z.object({ outcome: z.literal('too-soon'), retryAt: Instant }),
  /** Locked: even the right PIN is refused until `until`, or until the gate's operator unlocks. */
  z.object({ outcome: z.literal('locked'), scope: z.enum(['guard', 'screen']), until: Instant }),
  /** The gate has no PIN for this guard (not yet received from the server, or none set). */
  z.object({ outcome: z.literal('unknown-guard') }),
]);
export type PinCheckAnswer = z.infer<typeof PinCheckAnswer>;
