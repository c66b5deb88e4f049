import { z } from 'zod';
import { DeviceId, Instant } from './common.ts';
import { EntryView, UserRole } from './review.ts';
import { GuardPin } from './guard-pin.ts';

/** Body of `POST /api/v1/devices` (admin): enrol a device at a gate; the id is minted when omitted. */
export const DeviceEnrollRequest = z.object({
  gateId: z.string().min(1).max(64),
  deviceId: DeviceId.optional(),
  label: z.string().trim().min(1).max(80).optional(),
});
export type DeviceEnrollRequest = z.infer<typeof DeviceEnrollRequest>;

/** Answer of `POST /api/v1/devices`: the only time the token is ever shown. */
export const DeviceEnrollResponse = z.object({ deviceId: DeviceId, gateId: z.string(), token: z.string(), enrolledAt: Instant });
export type DeviceEnrollResponse = z.infer<typeof DeviceEnrollResponse>;

export const DeviceView = z.object({
  id: DeviceId,
  gateId: z.string(),
  gateName: z.string(),
  label: z.string().nullable(),
  enrolledAt: Instant,
  revokedAt: Instant.nullable(),
  lastSeenAt: Instant.nullable(),
});
export type DeviceView = z.infer<typeof DeviceView>;

export const GateSummary = z.object({ id: z.string(), name: z.string() });
export type GateSummary = z.infer<typeof GateSummary>;

/** Answer of `GET /api/v1/devices`: every gate (so a device can be enrolled at one without devices yet) and the devices, by gate. */
export const DeviceListResponse = z.object({ gates: z.array(GateSummary), devices: z.array(DeviceView) });
export type DeviceListResponse = z.infer<typeof DeviceListResponse>;

export const Username = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dot, dash or underscore');
/** Long enough that the sign-in lockout, not luck, is what stops guessing. */
export const NewPassword = z.string().min(10).max(256);

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  role: UserRole,
  createdAt: Instant,
  disabledAt: Instant.nullable(),
  /** The tree node the user sees from (and below), or null when the user belongs to one compound. */
  orgNodeId: z.string().nullable(),
  compoundId: z.string().nullable(),
  /**
   * A guard's kiosk PIN as the console may know it: null when none is set; `digits` null when it
   * was set before lengths were kept. Never the PIN or its hash.
   */
  guardPin: z.object({ digits: z.number().int().nullable() }).nullable(),
});
export type UserView = z.infer<typeof UserView>;

export const UserListResponse = z.object({ users: z.array(UserView) });
export type UserListResponse = z.infer<typeof UserListResponse>;

/** Body of `POST /api/v1/users` (admin). */
export const UserCreateRequest = z.object({
  username: Username,
  password: NewPassword,
  role: UserRole,
  /** Where the user sits: a tree node or one compound in the admin's scope; the admin's own place when neither is given. */
  orgNodeId: z.string().min(1).max(64).optional(),
  compoundId: z.string().min(1).max(64).optional(),
});
export type UserCreateRequest = z.infer<typeof UserCreateRequest>;

/** Body of `PATCH /api/v1/users/:id` (admin): change the role, disable or enable again. */
export const UserUpdateRequest = z
  .object({ role: UserRole.optional(), disabled: z.boolean().optional() })
  .refine((body) => body.role !== undefined || body.disabled !== undefined, 'give role or disabled');
export type UserUpdateRequest = z.infer<typeof UserUpdateRequest>;

/** Body of `POST /api/v1/users/:id/password` (admin): the new password; the user's sessions end. */
export const PasswordResetRequest = z.object({ password: NewPassword });
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

/** Body of `POST /api/v1/users/:id/pin` (admin): a guard's new kiosk PIN; the gates get its hash on their next sync. */
export const GuardPinSetRequest = z.object({ pin: GuardPin });
export type GuardPinSetRequest = z.infer<typeof GuardPinSetRequest>;

/** Every action the server records; the console names each in both languages. */
export const AuditAction = z.enum([
  'session.start',
  'entries.list',
  'entries.export',
  'fevers.list',
  'fevers.follow-up',
  'live.fevers.open',
  'live.fever.shown',
  'persons.search',
  'person.timeline',
  'contacts.lookup',
  'trace.timeline',
  'trace.contacts',
  'sweep.view',
  'epidemic-free.check',
  'confirmed-case.record',
  'users.list',
  'user.create',
  'user.update',
  'user.password-reset',
  'user.pin-set',
  'device.enroll',
  'device.revoke',
  'settings.retention',
  'retention.purge',
  'audit.list',
  'watch.view',
  'watch.create',
  'watch.update',
  'watch.release',
  'rules.update',
  'questions.publish',
  'rules.follow-tree',
  'roster.household.create',
  'roster.household.update',
  'roster.household.delete',
  'roster.persons.view',
  'roster.person.create',
  'roster.person.update',
  'roster.person.delete',
  'roster.vehicle.create',
  'roster.vehicle.delete',
  'roster.gate.create',
  'roster.gate.update',
  'roster.visitors.view',
  'roster.visitor.create',
  'roster.visitor.revoke',
  'roster.passes.issue',
  'roster.import.preview',
  'roster.import.commit',
  'org.node.create',
  'org.time-zone',
  'org.node.rename',
  'org.level-names',
  'rollup.view',
  'rollup.export',
  'report.view',
  'report.sign',
  'report.submit',
  'report.board',
  'report.deadline',
  'report.export',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditSubjectKind = z.enum([
  'person',
  'household',
  'gate',
  'user',
  'device',
  'watch',
  'visitor',
  'vehicle',
  'fever-event',
  'entry',
  'community',
  'node',
]);
export type AuditSubjectKind = z.infer<typeof AuditSubjectKind>;

/** What an audit row was about, described by the server: a name or an address, null when it no longer exists. */
export const AuditSubject = z.object({ kind: AuditSubjectKind, id: z.string(), label: z.string().nullable() });
export type AuditSubject = z.infer<typeof AuditSubject>;

export const AuditEntryView = z.object({
  id: z.string(),
  at: Instant,
  username: z.string().nullable(),
  /** A string, not AuditAction: rows written by an older or newer server still list. */
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
  subjects: z.array(AuditSubject),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset paging: the id of the last row of the previous page. */
  before: z.string().max(64).optional(),
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;

/** Answer of `GET /api/v1/audit` (admin), newest first; `nextBefore` is null on the last page. */
export const AuditListResponse = z.object({ entries: z.array(AuditEntryView), nextBefore: z.string().nullable() });
export type AuditListResponse = z.infer<typeof AuditListResponse>;

/** One `fever` event on `GET /api/v1/live/fevers` (Server-Sent Events): a fever entry just ingested. */
export const FeverAlert = z.object({ entry: EntryView });
export type FeverAlert = z.infer<typeof FeverAlert>;

/** Answer of `GET`/`PUT /api/v1/settings/retention` (admin): how many days entries are kept, and where that comes from. */
export const RetentionSetting = z.object({ days: z.number().int().min(1).max(3650), source: z.enum(['configured', 'settings']) });
export type RetentionSetting = z.infer<typeof RetentionSetting>;

/** Body of `PUT /api/v1/settings/retention`. */
export const RetentionSettingUpdate = z.object({ days: z.number().int().min(1).max(3650) });
export type RetentionSettingUpdate = z.infer<typeof RetentionSettingUpdate>;
