import { z } from 'zod';
import { Instant } from './common.ts';
import { SubjectCategory } from './entry.ts';

export const RosterHousehold = z.object({
  id: z.string(),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
});
export type RosterHousehold = z.infer<typeof RosterHousehold>;

export const RosterPerson = z.object({
  id: z.string(),
  householdId: z.string().nullable(),
  name: z.string(),
  category: SubjectCategory,
  idHash: z.string().nullable(),
  idMasked: z.string().nullable(),
});
export type RosterPerson = z.infer<typeof RosterPerson>;

export const RosterGate = z.object({ id: z.string(), name: z.string() });

/** What a kiosk caches to decide offline who is at the gate. */
export const RosterSnapshot = z.object({
  communityId: z.string(),
  communityName: z.string(),
  version: z.number().int().nonnegative(),
  generatedAt: Instant,
  gate: RosterGate,
  /** The enrolled device that asked: the kiosk stamps its records with it, even offline. */
  deviceId: z.string(),
  households: z.array(RosterHousehold),
  persons: z.array(RosterPerson),
});
export type RosterSnapshot = z.infer<typeof RosterSnapshot>;

/**
 * What an enrolled gate device learns about itself. Holds the ID-hash key, so it goes to the
 * gate service only, never to the browser.
 */
export const DeviceConfig = z.object({
  deviceId: z.string(),
  gateId: z.string(),
  communityId: z.string(),
  passPublicKey: z.string().min(1),
  idHashKey: z.string().min(32),
});
export type DeviceConfig = z.infer<typeof DeviceConfig>;
