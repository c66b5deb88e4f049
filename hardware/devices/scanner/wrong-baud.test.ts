import { afterEach, describe, expect, it } from 'vitest';
import { HardwareEvent } from '../../../protocol/hardware-events.ts';
import type { DeviceConfig } from '../../../protocol/roster.ts';
import { checkDigitFor } from '../../../protocol/resident-id.ts';
import { scannerLineEvent } from '../device-events.ts';
import { ScannerLineParser, type ScannerLine } from './scanner-line-parser.ts';
import { SerialDevice } from '../connection/serial-device.ts';
import { openSimulatedLink, type SimulatedLink } from '../../sim/serial-link.ts';
import { receivedAtBaud } from '../../sim/uart-framing.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const config: DeviceConfig = { deviceId: 'd', gateId: 'g', communityId: 'c', passPublicKey: 'AAAA', idHashKey: 'ab'.repeat(32) };
const ID = `11010519491231002${checkDigitFor('11010519491231002')}`;

describe('a scanner left at the wrong baud rate, through a real pty', () => {
  it.each([
    [115200, 9600],
    [9600, 115200],
    [4800, 9600],
  ])(
    'sent at %i, read at %i: garbage is rejected with reasons, never a scan of what was sent, and the next good line still reads',
    async (sent, port) => {
      const link: SimulatedLink = await openSimulatedLink('pty', 'scanner');
      cleanups.push(() => link.close());
      const device = new SerialDevice<ScannerLine>({
        deviceId: 'scanner',
        kind: 'scanner',
        path: link.devicePath,
        baudRate: port,
        createParser: () => new ScannerLineParser({ idleMs: 100 }),
      });
      cleanups.push(() => device.stop());
      const events: HardwareEvent[] = [];
      device.on('data', (line) => events.push(scannerLineEvent(line, 'scanner', config, new Date())));
      const connected = new Promise<void>((resolve) =>
        device.on('status', (status) => status.state === 'connected' && resolve()),
      );
      device.start();
      await connected;

      const lines = [ID, 'V-GUEST42', ID, 'V-COURIER7'].map((text) => `${text}\r\n`).join('');
      const garbage = receivedAtBaud(Buffer.from(lines), sent, port);
      await link.write(garbage);
      // What the garbage leaves unterminated is dropped after the silence, not glued to the next scan.
      const last = garbage.at(-1);
      if (last !== 0x0a) {
        await new Promise<void>((resolve) => {
          const check = () => events.some((e) => e.type === 'input-rejected' && /silence/.test(e.reason)) && resolve();
          device.on('data', () => setImmediate(check));
          check();
        });
      }
      const good = new Promise<void>((resolve) => device.on('data', (line) => line.ok && line.text === 'V-GOOD42' && resolve()));
      await link.write(Buffer.from('V-GOOD42\r\n'));
      await good;

      for (const event of events) expect(HardwareEvent.safeParse(event).success).toBe(true);
      const scans = events.filter((e) => e.type === 'scan');
      expect(scans.filter((e) => e.payload.kind === 'id-number' || e.payload.kind === 'pass')).toEqual([]);
      expect(
        scans.filter((e) => e.payload.kind === 'visitor-code' && ['V-GUEST42', 'V-COURIER7'].includes(e.payload.code)),
      ).toEqual([]);
      expect(scans.at(-1)).toMatchObject({ payload: { kind: 'visitor-code', code: 'V-GOOD42' } });
      expect(events.filter((e) => e.type === 'input-rejected').length).toBeGreaterThan(0);
    },
  );
});
