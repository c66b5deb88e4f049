import type { Kysely } from 'kysely';
import { EntryRecord } from '../../protocol/entry.ts';
import {
  OFFSET_LEARNING,
  armpitPair,
  learnOffset,
  sinceCalibration,
  type ArmpitPair,
  type DeviceOffsetView,
} from '../../protocol/device-offset.ts';
import { SCREENING_MODEL } from '../../protocol/fever-goal.ts';
import { MeasuringSite } from '../../protocol/common.ts';
import type { Database } from '../db/schema.ts';
import { uuidv7Floor } from '../review/entry-id-bounds.ts';

const DAY_MS = 86_400_000;

/** The stored record, or null for one this code cannot read (it is the ingest's to refuse, not the page's). */
function parseRecord(text: string): EntryRecord | null {
  const parsed = EntryRecord.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

/** The calibration the device's latest infrared reading was taken under: undefined when none says. */
function latestCalibration(records: readonly EntryRecord[]): string | null | undefined {
  for (const record of records) {
    const reading = record.readings.find((r) => r.source === 'infrared' && r.calibratedAt !== undefined);
    if (reading) return reading.calibratedAt ?? null;
  }
  return undefined;
}

/** The device's stored records since `floor` whose text names `marker` (a cheap filter before parsing). */
function deviceRecords(db: Kysely<Database>, gateId: string, deviceId: string, floor: string, marker: string) {
  return db
    .selectFrom('entries')
    .select('record')
    .where('gate_id', '=', gateId)
    .where('device_id', '=', deviceId)
    .where('id', '>=', floor)
    .where('record', 'like', `%${marker}%`);
}

/**
 * What each gate device of the community has learnt from its armpit checks (protocol/device-offset.ts,
 * the kiosk's own arithmetic): from the entries stored in the learning window, only the pairs taken
 * since the device's last calibration. A calibration is known from the readings themselves (each
 * infrared reading records the calibration it was taken under), so the server needs no other report.
 */
export async function deviceOffsets(db: Kysely<Database>, communityId: string, now: Date): Promise<DeviceOffsetView[]> {
  const windowStart = new Date(now.getTime() - OFFSET_LEARNING.windowDays * DAY_MS);
  const floor = uuidv7Floor(windowStart);
  const devices = await db
    .selectFrom('devices')
    .innerJoin('gates', 'gates.id', 'devices.gate_id')
    .select(['devices.id as deviceId', 'devices.gate_id as gateId'])
    .where('gates.community_id', '=', communityId)
    .orderBy('devices.id')
    .execute();
  const views: DeviceOffsetView[] = [];
  for (const { deviceId, gateId } of devices) {
    // The newest entry whose infrared reading names a calibration: the device's calibration now.
    const calibrationRows = await deviceRecords(db, gateId, deviceId, floor, '"calibratedAt"')
      .orderBy('id', 'desc')
      .limit(20)
      .execute();
    const calibratedAt = latestCalibration(calibrationRows.flatMap((row) => parseRecord(row.record) ?? [])) ?? null;
    const pairRows = await deviceRecords(db, gateId, deviceId, floor, '"axillary"').orderBy('id').execute();
    const pairs: ArmpitPair[] = pairRows.flatMap((row) => {
      const record = parseRecord(row.record);
      const pair = record ? armpitPair(record.readings, record.flagAtC ?? null) : null;
      return pair && Date.parse(pair.at) >= windowStart.getTime() ? [pair] : [];
    });
    const counted = sinceCalibration(pairs, calibratedAt);
    const since = calibratedAt && Date.parse(calibratedAt) > windowStart.getTime() ? calibratedAt : windowStart.toISOString();
    const sites = MeasuringSite.options.flatMap((site) => {
      const learnt = learnOffset(counted, site, SCREENING_MODEL);
      const last = counted.filter((p) => p.site === site).at(-1);
      return learnt && last ? [{ site, learnt, lastPairAt: new Date(last.at).toISOString() }] : [];
    });
    views.push({ deviceId, gateId, calibratedAt, since: new Date(since).toISOString(), sites });
  }
  return views;
}
