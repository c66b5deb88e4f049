import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';
import { openSimulatedLink } from '../../sim/serial-link.ts';
import { SimulatedIdCardReader } from '../../sim/simulated-id-card-reader.ts';
import { IdCardReader, type IdCardReading } from './id-card-reader.ts';
import type { IdCardText } from './id-card-text.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CARD: IdCardText = {
  name: '张伟',
  sex: 'male',
  nationCode: '01',
  birthDate: '1949-12-31',
  address: '北京市东城区景山前街4号',
  idNumber: '11010519491231002X',
  issuer: '北京市公安局东城分局',
  validFrom: '2015-03-01',
  validTo: '2035-03-01',
};

async function rig() {
  const link = await openSimulatedLink('pty', 'id-card-reader');
  cleanups.push(() => link.close());
  const simulated = new SimulatedIdCardReader(link);
  const reader = new IdCardReader({
    deviceId: 'id-card-reader',
    path: link.devicePath,
    baudRate: 115200,
    pollMs: 20,
    answerTimeoutMs: 500,
    presenceCheckMs: 50,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  cleanups.push(() => reader.stop());
  const readings: IdCardReading[] = [];
  reader.on('data', (reading) => readings.push(reading));
  const connected = nextStatus(reader, 'connected');
  reader.start();
  await connected;
  return { link, simulated, reader, readings };
}

function nextStatus(reader: IdCardReader, state: DeviceStatus['state']): Promise<DeviceStatus> {
  return new Promise((resolve) => {
    const listener = (status: DeviceStatus) => {
      if (status.state !== state) return;
      reader.off('status', listener);
      resolve(status);
    };
    reader.on('status', listener);
  });
}

function nextReading(reader: IdCardReader): Promise<IdCardReading> {
  return new Promise((resolve) => reader.once('data', resolve));
}

describe('IdCardReader on a simulated SAM reader over a pty', () => {
  it('reads a card laid on the reader once, and again only after it has been taken away and laid down again', async () => {
    const { simulated, reader, readings } = await rig();
    await simulated.nextFinds(3);
    expect(readings).toEqual([]);
    let reading = nextReading(reader);
    simulated.lay(CARD);
    expect(await reading).toEqual({ ok: true, card: CARD });
    await simulated.nextFinds(5);
    expect(readings).toHaveLength(1);
    simulated.remove();
    await simulated.nextFinds(2);
    reading = nextReading(reader);
    simulated.lay({ ...CARD, validTo: null });
    await reading;
    expect(readings).toEqual([
      { ok: true, card: CARD },
      { ok: true, card: { ...CARD, validTo: null } },
    ]);
  });

  it('a card pulled in the middle of the read is reported with a reason, never as a card', async () => {
    const { simulated, reader } = await rig();
    const reading = nextReading(reader);
    simulated.pullDuringNextRead();
    simulated.lay(CARD);
    expect(await reading).toEqual({
      ok: false,
      reason: 'the card left the reader before it was read: lay it on the reader again',
      problem: 'card-pulled',
    });
    expect(simulated.cardPresent).toBe(false);
  });

  it('card text with a bad check byte is not used; the card is read again at the next poll', async () => {
    const { simulated, reader, readings } = await rig();
    const reading = nextReading(reader);
    simulated.corruptNextRead();
    simulated.lay(CARD);
    expect(await reading).toEqual({ ok: true, card: CARD });
    expect(readings).toHaveLength(1);
  });

  it('a reader that stops answering is a status with a reason, and it comes back when replugged', async () => {
    const { link, reader } = await rig();
    const lost = nextStatus(reader, 'reconnecting');
    await link.unplug();
    expect((await lost).reason).toMatch(/vanished|closed|did not answer/);
    const back = nextStatus(reader, 'connected');
    await link.replug();
    await back;
  });
});
