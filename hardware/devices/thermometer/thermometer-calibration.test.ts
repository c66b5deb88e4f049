import { describe, expect, it } from 'vitest';
import { CalibrationInfo } from '../../../protocol/hardware-events.ts';
import {
  ambientOutOfRange,
  CalibrationRecord,
  calibrationInfo,
  DEFAULT_RATED_AMBIENT,
  RatedAmbient,
} from './thermometer-calibration.ts';

const record = CalibrationRecord.parse({
  offsetC: 0.4,
  calibratedAt: '2026-09-01T08:00:00+08:00',
  by: 'Li Wei',
  method: 'axillary-comparison',
  referenceC: 36.8,
});

describe('calibrationInfo', () => {
  it('is ok inside the default 90 days and expired from the 90th day on', () => {
    const ok = calibrationInfo(record, new Date('2026-11-29T23:59:00Z'));
    expect(CalibrationInfo.parse(ok)).toEqual({
      state: 'ok',
      calibratedAt: '2026-09-01T00:00:00.000Z',
      by: 'Li Wei',
      method: 'axillary-comparison',
      referenceC: 36.8,
      expiresAt: '2026-11-30T00:00:00.000Z',
    });
    expect(calibrationInfo(record, new Date('2026-11-30T00:00:00Z')).state).toBe('expired');
  });

  it('honours a configured validity', () => {
    const short = CalibrationRecord.parse({ ...record, validDays: 30 });
    expect(calibrationInfo(short, new Date('2026-10-02T00:00:00Z')).state).toBe('expired');
  });

  it('is unknown without a record', () => {
    expect(calibrationInfo(null, new Date())).toMatchObject({ state: 'unknown', calibratedAt: null });
  });

  it('refuses a record without who and how, naming the fields', () => {
    const parsed = CalibrationRecord.safeParse({ offsetC: 0.4, calibratedAt: '2026-09-01' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['calibratedAt', 'by', 'method', 'referenceC']),
    );
  });
});

describe('ambientOutOfRange', () => {
  it('marks ambient outside the rated range, inclusive bounds inside', () => {
    expect(ambientOutOfRange(18, DEFAULT_RATED_AMBIENT)).toBe(false);
    expect(ambientOutOfRange(28, DEFAULT_RATED_AMBIENT)).toBe(false);
    expect(ambientOutOfRange(-3, DEFAULT_RATED_AMBIENT)).toBe(true);
    expect(ambientOutOfRange(28.1, DEFAULT_RATED_AMBIENT)).toBe(true);
    expect(ambientOutOfRange(null, DEFAULT_RATED_AMBIENT)).toBeNull();
    expect(ambientOutOfRange(10, RatedAmbient.parse({ min: 5, max: 35 }))).toBe(false);
  });

  it('refuses an upside-down range', () => {
    expect(RatedAmbient.safeParse({ min: 30, max: 10 }).success).toBe(false);
  });
});
