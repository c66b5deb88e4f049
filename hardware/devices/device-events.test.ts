import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HardwareEvent } from '../../protocol/hardware-events.ts';
import type { DeviceConfig } from '../../protocol/roster.ts';
import { idCardEvent, scannerLineEvent, temperatureEvent, type ThermometerJudgement } from './device-events.ts';
import { CalibrationRecord, DEFAULT_RATED_AMBIENT } from './thermometer/thermometer-calibration.ts';
import { ScannerLineParser, type ScannerLine } from './scanner/scanner-line-parser.ts';
import { THERMOMETER_FORMATS } from './thermometer/thermometer-formats.ts';
import { ThermometerGunParser, type GunReading } from './thermometer/thermometer-gun-parser.ts';

const config: DeviceConfig = {
  deviceId: 'd',
  gateId: 'g',
  communityId: 'c',
  passPublicKey: generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  idHashKey: 'c3'.repeat(32),
};
const at = new Date('2026-03-01T08:00:00.000Z');

function judged(offsetC: number, calibratedAt = '2026-02-01T08:00:00+08:00'): ThermometerJudgement {
  return {
    calibration: CalibrationRecord.parse({ offsetC, calibratedAt, by: 'Zhang Min', method: 'blackbody', referenceC: 37 }),
    ratedAmbientC: DEFAULT_RATED_AMBIENT,
  };
}
const uncalibrated: ThermometerJudgement = { calibration: null, ratedAmbientC: DEFAULT_RATED_AMBIENT };

async function drain<T>(parser: ScannerLineParser | ThermometerGunParser, chunks: Uint8Array[]): Promise<T[]> {
  const out: T[] = [];
  parser.on('data', (item: T) => out.push(item));
  const ended = new Promise((resolve) => parser.on('end', resolve));
  for (const chunk of chunks) parser.write(chunk);
  parser.end();
  await ended;
  return out;
}

// Bytes biased toward what matters: terminators, digits, the tags of the gun format, invalid UTF-8.
const interestingByte = fc.oneof(
  fc.integer({ min: 0, max: 255 }),
  fc.constantFrom(0x0d, 0x0a, 0x2e, 0x3d, 0x43, 0x46, 0x54, 0x41, 0x20, 0x56, 0x2d, 0xc3, 0xff),
  fc.integer({ min: 0x30, max: 0x39 }),
);
const chunks = fc.array(
  fc.array(interestingByte, { maxLength: 80 }).map((bytes) => Uint8Array.from(bytes)),
  { maxLength: 12 },
);
const asLines = (lines: string[]) => [Buffer.from(lines.map((line) => `${line}\r\n`).join(''))];
const scanText = fc.array(
  fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^(\d{17}[\dXx]|\d{15}|V-\w{1,40}|CP1\.[\w.-]{0,60})$/)),
  { maxLength: 8 },
);
const gunText = fc.array(
  fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^T=-?\d{1,3}(\.\d)?[CF]( A=-?\d{1,3}(\.\d)?[CF])?$/)),
  {
    maxLength: 8,
  },
);

describe('device events from arbitrary bytes', () => {
  it('the scanner path never crashes and only yields events the protocol accepts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(chunks, scanText.map(asLines)), fc.boolean(), async (input, withKey) => {
        const lines = await drain<ScannerLine>(new ScannerLineParser({ maxLineBytes: 64 }), input);
        for (const line of lines) {
          const event = scannerLineEvent(line, 'scanner', withKey ? config : null, at);
          expect(HardwareEvent.safeParse(event).success).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the thermometer path never crashes and only yields events the protocol accepts', async () => {
    const bytes = fc.oneof(chunks, gunText.map(asLines));
    await fc.assert(
      fc.asyncProperty(
        bytes,
        fc.constantFrom<keyof typeof THERMOMETER_FORMATS>('tagged-celsius', 'tagged-fahrenheit'),
        async (input, format) => {
          const readings = await drain<GunReading>(new ThermometerGunParser({ format: THERMOMETER_FORMATS[format] }), input);
          for (const reading of readings) {
            const event = temperatureEvent(reading, 'thermometer', judged(0.3), at);
            expect(HardwareEvent.safeParse(event).success).toBe(true);
            if (event.type === 'temperature') expect(event.objectC).toBeGreaterThanOrEqual(20.3);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('turns a refused line into input-rejected with its reason', () => {
    expect(scannerLineEvent({ ok: false, reason: 'line is not valid UTF-8' }, 'scanner', config, at)).toEqual({
      type: 'input-rejected',
      deviceId: 'scanner',
      at: at.toISOString(),
      reason: 'line is not valid UTF-8',
    });
  });

  it('adds the calibration offset and attaches the calibration record', () => {
    expect(temperatureEvent({ ok: true, objectC: 36.2, ambientC: 4 }, 'thermometer', judged(0.4), at)).toEqual({
      type: 'temperature',
      deviceId: 'thermometer',
      at: at.toISOString(),
      objectC: 36.6,
      ambientC: 4,
      offsetC: 0.4,
      calibration: {
        state: 'ok',
        calibratedAt: '2026-02-01T00:00:00.000Z',
        by: 'Zhang Min',
        method: 'blackbody',
        referenceC: 37,
        expiresAt: '2026-05-02T00:00:00.000Z',
      },
      ambientOutOfRange: true,
    });
  });

  it('says so with every reading once the calibration has expired, and when there is none', () => {
    expect(
      temperatureEvent({ ok: true, objectC: 36.2, ambientC: 21 }, 'thermometer', judged(0.2, '2025-11-01T00:00:00Z'), at),
    ).toMatchObject({
      objectC: 36.4,
      calibration: { state: 'expired', expiresAt: '2026-01-30T00:00:00.000Z' },
    });
    expect(temperatureEvent({ ok: true, objectC: 36.2, ambientC: 21 }, 'thermometer', uncalibrated, at)).toMatchObject({
      objectC: 36.2,
      offsetC: 0,
      calibration: { state: 'unknown', calibratedAt: null },
    });
  });

  it('judges ambient against the configured rated range', () => {
    const wide: ThermometerJudgement = { calibration: null, ratedAmbientC: { min: 0, max: 40 } };
    expect(temperatureEvent({ ok: true, objectC: 36.2, ambientC: 4 }, 'thermometer', wide, at)).toMatchObject({
      ambientOutOfRange: false,
    });
  });

  it('marks a reading taken inside the rated ambient range as such, and one without ambient as unknown', () => {
    expect(temperatureEvent({ ok: true, objectC: 36.2, ambientC: 21 }, 'thermometer', uncalibrated, at)).toMatchObject({
      ambientOutOfRange: false,
    });
    expect(temperatureEvent({ ok: true, objectC: 36.2, ambientC: null }, 'thermometer', uncalibrated, at)).toMatchObject({
      ambientOutOfRange: null,
    });
  });
});

describe('idCardEvent', () => {
  const card = {
    name: '张伟',
    sex: 'male' as const,
    nationCode: '01',
    birthDate: '1949-12-31',
    address: '北京市东城区景山前街4号',
    idNumber: '110105194912310011',
    issuer: '北京市公安局东城分局',
    validFrom: '2006-03-01',
    validTo: '2026-03-01',
  };

  it('a card is valid through the last date printed on it, in Beijing time', () => {
    const lastEvening = idCardEvent({ ok: true, card }, 'r', config, new Date('2026-03-01T15:59:00Z'));
    const nextMorning = idCardEvent({ ok: true, card }, 'r', config, new Date('2026-03-01T16:01:00Z'));
    expect(lastEvening).toMatchObject({ type: 'id-card', card: { validity: 'valid', validTo: '2026-03-01' } });
    expect(nextMorning).toMatchObject({ type: 'id-card', card: { validity: 'expired' } });
    const forLife = idCardEvent({ ok: true, card: { ...card, validTo: null } }, 'r', config, new Date('2090-01-01T00:00:00Z'));
    expect(forLife).toMatchObject({ card: { validity: 'valid', validTo: null } });
  });

  it('sends only the hash and the masked number, never the address or the clear number', () => {
    const event = idCardEvent({ ok: true, card }, 'r', config, at);
    expect(HardwareEvent.parse(event)).toEqual(event);
    const text = JSON.stringify(event);
    expect(text).not.toContain(card.idNumber.slice(3, 17));
    expect(text).not.toContain('景山');
    expect(event).toMatchObject({ card: { idMasked: '110**************1', idHash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('a failed read is a rejected input with its reason, and named for the kiosk', () => {
    const event = idCardEvent({ ok: false, reason: 'card text has no name', problem: 'card-unreadable' }, 'r', config, at);
    expect(event).toEqual({
      type: 'input-rejected',
      deviceId: 'r',
      at: at.toISOString(),
      reason: 'card text has no name',
      problem: 'card-unreadable',
    });
    expect(HardwareEvent.parse(event)).toEqual(event);
  });

  it('a card whose number fails its check, or read before the gate has its key, is refused and named', () => {
    const forged = idCardEvent({ ok: true, card: { ...card, idNumber: '110105194912310012' } }, 'r', config, at);
    expect(forged).toMatchObject({ type: 'input-rejected', problem: 'card-number-invalid', reason: /check digit/ });
    expect(JSON.stringify(forged)).not.toContain('1949123100');
    expect(idCardEvent({ ok: true, card }, 'r', null, at)).toMatchObject({ type: 'input-rejected', problem: 'no-id-key' });
  });
});
