import { v7 as uuidv7 } from 'uuid';
import type { EntryRecord } from '../../protocol/entry.ts';

/** The gate and device of the kiosk's sample roster (kiosk-fixtures.ts), for tests with no enrolled device. */
export const SAMPLE_DEVICE = { gateId: 'gate-east', deviceId: 'gate-east-1' } as const;

/**
 * The one sample record every part's tests start from: a valid record from the given device, with
 * whatever fields the test cares about overridden.
 */
export function makeEntryRecord(device: { deviceId: string; gateId: string }, overrides: Partial<EntryRecord> = {}): EntryRecord {
  return {
    id: uuidv7(),
    schemaVersion: 1,
    occurredAt: '2026-11-25T08:30:00.000+08:00',
    gateId: device.gateId,
    deviceId: device.deviceId,
    guard: { id: null, name: '王师傅' },
    shiftId: null,
    direction: 'in',
    subject: { category: 'visitor', personId: null, name: '访客甲', idHash: null, idMasked: '110**************X', scan: null },
    mask: 'worn',
    answers: [{ questionId: 'travel-14d', answer: false }],
    questionSetVersion: 1,
    readings: [
      { valueC: 36.4, source: 'infrared', at: '2026-11-25T08:30:00.000+08:00', ambientC: 4.5 },
      { valueC: 36.6, source: 'axillary', at: '2026-11-25T08:31:00.000+08:00', ambientC: null },
    ],
    ambientC: 4.5,
    baselineC: 36.3,
    decision: 'admitted',
    reason: null,
    flags: [],
    vehicle: null,
    visitor: null,
    ...overrides,
  };
}
