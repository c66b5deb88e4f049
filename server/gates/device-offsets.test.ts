import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrollDevice } from '../accounts/devices.ts';
import { openTestGate, type TestGate } from '../../test/support/server-database.ts';
import { armpitCheckEntries } from '../../test/support/armpit-checks.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { ingestEntries } from './ingest.ts';
import { deviceOffsets } from './device-offsets.ts';

const DAY = 86_400_000;
const now = new Date();
const daysAgo = (d: number): number => now.getTime() - d * DAY;
const iso = (ms: number): string => new Date(ms).toISOString();

let gate: TestGate;
beforeEach(async () => {
  gate = await openTestGate();
});
afterEach(async () => {
  await gate.db.destroy();
});

async function store(deviceId: string, records: ReturnType<typeof makeEntryRecord>[]): Promise<void> {
  const results = await ingestEntries(
    gate.db,
    { id: deviceId, gateId: gate.gateId, communityId: gate.communityId },
    records,
    iso(now.getTime()),
  );
  expect(results.every((r) => r.status === 'stored')).toBe(true);
}

describe('each gate device’s learnt thermometer offset, from the entries stored', () => {
  it('counts only the armpit checks since the device’s last calibration, and warns when they disagree with it', async () => {
    const device = { deviceId: gate.deviceId, gateId: gate.gateId };
    const recalibratedAt = iso(daysAgo(3));
    // Before the recalibration the thermometer read a degree high; since, it reads right.
    await store(gate.deviceId, [
      ...armpitCheckEntries(device, { count: 40, offsetC: 1.0, firstAtMs: daysAgo(9), calibratedAt: iso(daysAgo(40)) }),
      // From before readings recorded their calibration: dated before the recalibration, so left out too.
      ...armpitCheckEntries(device, { count: 10, offsetC: 1.0, firstAtMs: daysAgo(8) }),
      ...armpitCheckEntries(device, { count: 35, offsetC: 0, firstAtMs: daysAgo(2), calibratedAt: recalibratedAt }),
    ]);
    // A second device at the gate, never recalibrated, reading a degree high; one pair outside the window.
    const other = await enrollDevice(gate.db, { deviceId: 'gate-test-2', gateId: gate.gateId, now: iso(now.getTime()) });
    const second = { deviceId: other.deviceId, gateId: gate.gateId };
    await store(other.deviceId, [
      ...armpitCheckEntries(second, { count: 1, offsetC: -3, firstAtMs: daysAgo(20), calibratedAt: null }),
      ...armpitCheckEntries(second, { count: 32, offsetC: 1.0, firstAtMs: daysAgo(5), calibratedAt: null }),
    ]);
    const views = await deviceOffsets(gate.db, gate.communityId, now);
    const first = views.find((v) => v.deviceId === gate.deviceId)!;
    expect(first.calibratedAt).toBe(recalibratedAt);
    expect(first.since).toBe(recalibratedAt);
    expect(first.sites).toHaveLength(1);
    const recalibrated = first.sites[0]!;
    expect(recalibrated.site).toBe('face-max');
    expect(recalibrated.learnt).toMatchObject({ pairs: 35, inUse: true, disagrees: false });
    expect(Math.abs(recalibrated.learnt.offsetC)).toBeLessThan(0.1);
    expect(recalibrated.learnt.sdC).toBeGreaterThan(0);

    const drifted = views.find((v) => v.deviceId === other.deviceId)!;
    expect(drifted.calibratedAt).toBeNull();
    expect(Date.parse(drifted.since)).toBe(daysAgo(14));
    expect(drifted.sites[0]!.learnt).toMatchObject({ pairs: 32, inUse: true, disagrees: true });
    expect(drifted.sites[0]!.learnt.offsetC).toBeGreaterThan(0.8);
  });

  it('shows a device with no armpit checks, and nothing of another community', async () => {
    await store(gate.deviceId, [makeEntryRecord({ deviceId: gate.deviceId, gateId: gate.gateId }, { readings: [] })]);
    const [view] = await deviceOffsets(gate.db, gate.communityId, now);
    expect(view).toMatchObject({ deviceId: gate.deviceId, calibratedAt: null, sites: [] });
    expect(await deviceOffsets(gate.db, 'another-community', now)).toEqual([]);
  });
});
