import type { Kysely } from 'kysely';
import { COMMUNITY_TIME_ZONE } from '../../protocol/community-date.ts';
import { GateReport, type FleetFlag, type FleetGate, type FleetView } from '../../protocol/fleet.ts';
import type { Database } from '../db/schema.ts';

/** A gate that has not called for this long is shown offline. */
export const ONLINE_WITHIN_MS = 3 * 60_000;
export const DEFAULT_SILENT_AFTER_MINUTES = 10;
const CALIBRATION_WARNING_MS = 7 * 86_400_000;
const CLOCK_TOLERANCE_MS = 60_000;
/** A backlog is "growing" when it is larger now than at least this long ago, and not empty. */
const BACKLOG_WINDOW_MS = 10 * 60_000;
const SAMPLES_KEPT_MS = 24 * 3_600_000;

/** Keeps a gate's heartbeat report, its clock offset and a backlog sample. */
export async function recordHeartbeat(
  db: Kysely<Database>,
  deviceId: string,
  report: GateReport,
  protocol: number,
  receivedAt: Date,
): Promise<void> {
  const at = receivedAt.toISOString();
  const row = {
    device_id: deviceId,
    received_at: at,
    clock_offset_ms: receivedAt.getTime() - Date.parse(report.sentAt),
    report: JSON.stringify(report),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('gate_reports')
      .values(row)
      .onConflict((oc) =>
        oc.column('device_id').doUpdateSet({ received_at: at, clock_offset_ms: row.clock_offset_ms, report: row.report }),
      )
      .execute();
    await trx.insertInto('gate_backlog_samples').values({ device_id: deviceId, at, unsent: report.spool.unsent }).execute();
    await trx
      .deleteFrom('gate_backlog_samples')
      .where('device_id', '=', deviceId)
      .where('at', '<', new Date(receivedAt.getTime() - SAMPLES_KEPT_MS).toISOString())
      .execute();
    await trx.updateTable('devices').set({ protocol_version: protocol }).where('id', '=', deviceId).execute();
  });
}

/** Notes that the server refused a device, and why: the fleet page shows it. */
export async function recordRefusal(db: Kysely<Database>, deviceId: string, reason: string, at: Date): Promise<void> {
  await db
    .updateTable('devices')
    .set({ refused_at: at.toISOString(), refused_reason: reason })
    .where('id', '=', deviceId)
    .execute();
}

/** `HH:MM-HH:MM`, possibly across midnight. */
export const OPENING_HOURS = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether a gate with these hours is open at `at` (community time); no hours: always. */
export function isOpen(openingHours: string | null, at: Date, timeZone: string = COMMUNITY_TIME_ZONE): boolean {
  const match = openingHours ? OPENING_HOURS.exec(openingHours) : null;
  if (!match) return true;
  const [, fromH, fromM, toH, toM] = match.map(Number) as [number, number, number, number, number];
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const minute = Number(parts.find((p) => p.type === 'hour')!.value) * 60 + Number(parts.find((p) => p.type === 'minute')!.value);
  const from = fromH * 60 + fromM;
  const to = toH * 60 + toM;
  return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
}

function backlogGrowing(samples: readonly { at: string; unsent: number }[], now: Date): boolean {
  const latest = samples.at(-1);
  if (!latest || latest.unsent === 0) return false;
  const before = samples.filter((s) => Date.parse(latest.at) - Date.parse(s.at) >= BACKLOG_WINDOW_MS).at(-1);
  return before !== undefined && latest.unsent > before.unsent && now.getTime() - Date.parse(latest.at) < SAMPLES_KEPT_MS;
}

/** Every enrolled (not revoked) gate device with its last report and what needs a look. */
export async function fleetView(
  db: Kysely<Database>,
  options: { now: Date; silentAfterMinutes?: number; communityIds?: readonly string[] },
): Promise<FleetView> {
  const { now } = options;
  const silentAfterMinutes = options.silentAfterMinutes ?? DEFAULT_SILENT_AFTER_MINUTES;
  let query = db
    .selectFrom('devices')
    .innerJoin('gates', 'gates.id', 'devices.gate_id')
    .leftJoin('gate_reports', 'gate_reports.device_id', 'devices.id')
    .select([
      'devices.id as deviceId',
      'devices.label as label',
      'devices.last_seen_at as lastSeenAt',
      'devices.protocol_version as protocol',
      'devices.refused_at as refusedAt',
      'devices.refused_reason as refusedReason',
      'gates.id as gateId',
      'gates.name as gateName',
      'gates.opening_hours as openingHours',
      'gate_reports.received_at as reportedAt',
      'gate_reports.clock_offset_ms as clockOffsetMs',
      'gate_reports.report as report',
    ])
    .where('devices.revoked_at', 'is', null)
    .orderBy('gates.name')
    .orderBy('devices.id');
  if (options.communityIds) query = query.where('gates.community_id', 'in', options.communityIds);
  const rows = await query.execute();
  const since = new Date(now.getTime() - SAMPLES_KEPT_MS).toISOString();
  const samples = await db
    .selectFrom('gate_backlog_samples')
    .select(['device_id', 'at', 'unsent'])
    .where('at', '>=', since)
    .orderBy('device_id')
    .orderBy('at')
    .execute();

  const gates = rows.map((row): FleetGate => {
    const parsed = row.report === null ? null : GateReport.safeParse(JSON.parse(row.report));
    const report = parsed?.success ? parsed.data : null;
    const seenMs = row.lastSeenAt === null ? null : now.getTime() - Date.parse(row.lastSeenAt);
    const online = seenMs !== null && seenMs <= ONLINE_WITHIN_MS;
    const refused =
      // A refusal stands until the device reports again (updated to a protocol the server speaks).
      row.refusedAt !== null && row.refusedReason !== null && row.refusedAt >= (row.reportedAt ?? '')
        ? { at: row.refusedAt, reason: row.refusedReason }
        : null;
    const flags: FleetFlag[] = [];
    if (seenMs === null || seenMs > silentAfterMinutes * 60_000) {
      if (isOpen(row.openingHours, now)) flags.push('silent');
    }
    if (report === null && refused === null) flags.push('never-reported');
    if (refused) flags.push('protocol-refused');
    if (
      backlogGrowing(
        samples.filter((s) => s.device_id === row.deviceId),
        now,
      )
    )
      flags.push('backlog-growing');
    if (
      report?.devices.some(
        (d) => d.calibrationExpiresAt !== null && Date.parse(d.calibrationExpiresAt) - now.getTime() < CALIBRATION_WARNING_MS,
      )
    )
      flags.push('calibration-due');
    if (row.clockOffsetMs !== null && Math.abs(row.clockOffsetMs) > CLOCK_TOLERANCE_MS) flags.push('clock-off');
    if (report?.devices.some((d) => d.state !== 'connected')) flags.push('device-fault');
    if (report?.spool.diskFull) flags.push('disk-full');
    return {
      deviceId: row.deviceId,
      label: row.label,
      gateId: row.gateId,
      gateName: row.gateName,
      lastSeenAt: row.lastSeenAt,
      online,
      openingHours: row.openingHours,
      protocol: row.protocol,
      refused,
      report,
      reportedAt: row.reportedAt,
      clockOffsetMs: row.clockOffsetMs,
      flags,
    };
  });
  return { at: now.toISOString(), silentAfterMinutes, gates };
}
