import { z } from 'zod';
import { Instant } from './common.ts';
import { DeviceKind } from './hardware-events.ts';
import { DatabaseIdentity } from './server-identity.ts';

/*
 * What a gate tells the community server about itself on its heartbeat (protocol 2), and what the
 * console's fleet page shows from it. docs/operations.md, "Watching the gates".
 */

/** One serial device on the gate. */
export const DeviceReport = z.object({
  device: DeviceKind,
  state: z.enum(['connected', 'reconnecting', 'failed', 'unknown']),
  firmware: z.object({ name: z.string().max(100), version: z.string().max(60) }).nullable(),
  /** Thermometers: when the calibration record runs out. */
  calibrationExpiresAt: Instant.nullable(),
  lastError: z.string().max(300).nullable(),
  lastErrorAt: Instant.nullable(),
  /** Times the device was lost and found again since the gate started. */
  reconnects: z.number().int().nonnegative(),
});
export type DeviceReport = z.infer<typeof DeviceReport>;

/** A kiosk screen connected to the gate's event stream. */
export const ScreenReport = z.object({
  /** The paired screen's id (`npm run gate -- screens`). */
  id: z.string().max(64),
  /** The name it was paired under; a gate from before pairing sends none. */
  name: z.string().max(64).optional(),
  connectedAt: Instant,
  /** Entries the screen keeps itself because the gate could not take them (its disk full); null: not reported. */
  holdingEntries: z.number().int().nonnegative().nullable(),
});
export type ScreenReport = z.infer<typeof ScreenReport>;

export const GateReport = z.object({
  /** The gate's clock when it sent this: the server measures the offset against its own. */
  sentAt: Instant,
  software: z.string().max(60),
  spool: z.object({
    unsent: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
    oldestUnsentAt: Instant.nullable(),
    /** The gate's data folder is full: new entries cannot be saved there. */
    diskFull: z.boolean(),
  }),
  devices: z.array(DeviceReport).max(20),
  screens: z.array(ScreenReport).max(50),
  lastError: z.string().max(300).nullable(),
});
export type GateReport = z.infer<typeof GateReport>;

export const HeartbeatAnswer = z.object({
  serverTime: Instant,
  database: DatabaseIdentity,
});
export type HeartbeatAnswer = z.infer<typeof HeartbeatAnswer>;

export const FleetFlag = z.enum([
  'silent',
  'backlog-growing',
  'calibration-due',
  'clock-off',
  'device-fault',
  'disk-full',
  'protocol-refused',
  'never-reported',
]);
export type FleetFlag = z.infer<typeof FleetFlag>;

/** One gate device as the fleet page shows it. */
export const FleetGate = z.object({
  deviceId: z.string(),
  label: z.string().nullable(),
  gateId: z.string(),
  gateName: z.string(),
  lastSeenAt: Instant.nullable(),
  online: z.boolean(),
  /** The gate's opening hours, `HH:MM-HH:MM` local time; null: always open. */
  openingHours: z.string().nullable(),
  protocol: z.number().int().nullable(),
  /** Why the server last refused this gate (an old protocol), and when. */
  refused: z.object({ at: Instant, reason: z.string() }).nullable(),
  report: GateReport.nullable(),
  reportedAt: Instant.nullable(),
  clockOffsetMs: z.number().nullable(),
  flags: z.array(FleetFlag),
});
export type FleetGate = z.infer<typeof FleetGate>;

export const FleetView = z.object({
  at: Instant,
  silentAfterMinutes: z.number().int().positive(),
  gates: z.array(FleetGate),
});
export type FleetView = z.infer<typeof FleetView>;
