import { describe, expect, it } from 'vitest';
import type { HardwareEvent } from '../../protocol/hardware-events.ts';
import type { SpoolStatus } from '../../protocol/spool.ts';
import { calibrationInfo } from '../devices/thermometer/thermometer-calibration.ts';

const UNKNOWN_CALIBRATION = calibrationInfo(null, new Date());
import { EventHub } from './event-hub.ts';

const at = '2026-03-01T08:00:00.000Z';

describe('EventHub', () => {
  it('logs and withholds an event that fails the protocol schema', () => {
    const errors: string[] = [];
    const hub = new EventHub({ info: () => {}, warn: () => {}, error: (m) => errors.push(m) });
    const sent: string[] = [];
    hub.subscribe((m) => sent.push(m));
    hub.publish({
      type: 'temperature',
      deviceId: 'thermometer',
      at,
      objectC: Number.NaN,
      ambientC: null,
      offsetC: 0,
      calibration: UNKNOWN_CALIBRATION,
      ambientOutOfRange: null,
    });
    expect(sent).toEqual([]);
    expect(errors[0]).toMatch(/^bug: refusing to send an invalid hardware event/);
    const good: HardwareEvent = {
      type: 'temperature',
      deviceId: 'thermometer',
      at,
      objectC: 36.5,
      ambientC: null,
      offsetC: 0,
      calibration: UNKNOWN_CALIBRATION,
      ambientOutOfRange: null,
    };
    hub.publish(good);
    expect(sent.map((m) => JSON.parse(m))).toEqual([good]);
  });

  it('greets a new subscriber with each device’s latest status', () => {
    const hub = new EventHub({ info: () => {}, warn: () => {}, error: () => {} });
    const status = (state: 'connected' | 'reconnecting', deviceId: string): HardwareEvent => ({
      type: 'device-status',
      deviceId,
      device: 'scanner',
      at,
      state,
      reason: null,
    });
    hub.publish(status('reconnecting', 'scanner'));
    hub.publish(status('connected', 'scanner'));
    hub.publish(status('connected', 'thermometer'));
    const sent: string[] = [];
    hub.subscribe((m) => sent.push(m));
    expect(sent.map((m) => JSON.parse(m))).toEqual([status('connected', 'scanner'), status('connected', 'thermometer')]);
  });
});

describe('EventHub and the spool', () => {
  it("greets a new subscriber with the spool's latest status too", () => {
    const hub = new EventHub({ info: () => {}, warn: () => {}, error: () => {} });
    const spool = (unsent: number): SpoolStatus => ({
      type: 'spool-status',
      at,
      run: 'run-1',
      seq: unsent,
      unsent,
      rejected: 0,
      lastSuccessAt: null,
      lastError: null,
      serverUnreachable: false,
      serverCertificateRefused: false,
      nextRetryAt: null,
    });
    const early: string[] = [];
    hub.subscribe((m) => early.push(m));
    hub.publish(spool(3));
    hub.publish(spool(1));
    const late: string[] = [];
    hub.subscribe((m) => late.push(m));
    expect(early.map((m) => JSON.parse(m))).toEqual([spool(3), spool(1)]);
    expect(late.map((m) => JSON.parse(m))).toEqual([spool(1)]);
  });
});
