import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScannerLine } from '../../hardware/devices/scanner/scanner-line-parser.ts';
import type { SerialDevice } from '../../hardware/devices/connection/serial-device.ts';
import { openPtyPair, type PtyPair } from '../../hardware/sim/pty-pair.ts';
import { LONG, tally } from './batch-sender.ts';
import { nextStatus } from '../support/next-status.ts';
import { testScanner } from '../support/test-scanner.ts';

/*
 * Drill: a scanner that floods the serial line through a real pseudo-terminal (socat) into the
 * gate's SerialDevice and scanner parser. Every scan arrives once, in order, none torn or joined —
 * also when the cable is pulled mid-flood with a scan half sent and plugged back in: the cut scan
 * is refused, never joined to the next, and the flood goes on after the replug.
 */

const LINES = LONG ? 20_000 : 1_000;
const UNPLUGS = LONG ? 20 : 2;
/** A scanner's USB-serial bridge hands lines over in bursts; 100 every 100 ms is 1,000 a second. */
const BURST = 100;
const BURST_EVERY_MS = 100;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function scannerOn(path: string): { device: SerialDevice<ScannerLine>; received: ScannerLine[] } {
  const device = testScanner(path);
  cleanups.push(() => device.stop());
  const received: ScannerLine[] = [];
  device.on('data', (line: ScannerLine) => received.push(line));
  return { device, received };
}

/** The scanner's end of the cable. */
async function openScannerEnd(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  // Pulling the cable errors the scanner's end too: expected, not a test failure.
  port.on('error', () => undefined);
  await new Promise<void>((done, fail) => port.open((error) => (error ? fail(error) : done())));
  cleanups.push(() => new Promise((done) => (port.isOpen ? port.close(() => done()) : done())));
  return port;
}

function flood(port: SerialPort, lines: readonly string[], tail = ''): Promise<void> {
  return (async () => {
    for (let at = 0; at < lines.length; at += BURST) {
      const last = at + BURST >= lines.length;
      port.write(
        lines
          .slice(at, at + BURST)
          .map((line) => `${line}\r\n`)
          .join('') + (last ? tail : ''),
      );
      if (!last) await new Promise((done) => setTimeout(done, BURST_EVERY_MS));
    }
    await new Promise<void>((done, fail) => port.drain((error) => (error ? fail(error) : done())));
  })();
}

async function receivedUpTo(received: ScannerLine[], count: number): Promise<void> {
  await expect.poll(() => received.length, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(count);
}

describe('scanner flooding the serial line', () => {
  it(`delivers ${LINES} lines written in one burst, each once and in order`, async () => {
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const { device, received } = scannerOn(pair.paths[1]);
    const connected = nextStatus(device, 'connected');
    device.start();
    await connected;

    const simulator = await openScannerEnd(pair.paths[0]);
    const sent = Array.from({ length: LINES }, (_, i) => `V-FLOOD${String(i).padStart(6, '0')}`);
    // Far faster than 1,000 a second: every burst of 100 written at once.
    for (let at = 0; at < LINES; at += BURST)
      simulator.write(
        sent
          .slice(at, at + BURST)
          .map((line) => `${line}\r\n`)
          .join(''),
      );
    await new Promise<void>((done, fail) => simulator.drain((error) => (error ? fail(error) : done())));
    await receivedUpTo(received, LINES);

    expect(received.filter((line) => !line.ok)).toEqual([]);
    const texts = received.map((line) => (line.ok ? line.text : ''));
    expect(texts).toEqual(sent);
    expect(tally(sent, texts)).toEqual({ sent: LINES, found: LINES, lost: 0, doubled: 0, strangers: 0 });
  }, 60_000);

  it(
    `survives ${UNPLUGS} unplugs mid-flood at 1,000 lines a second: the cut scan refused, never joined`,
    async () => {
      // socat keeps a link at one path, so the replugged adapter appears where the gate looks for it.
      const path = join(mkdtempSync(join(tmpdir(), 'checkpoint-flood-')), 'scanner');
      let pair: PtyPair = await openPtyPair({ link: path });
      cleanups.push(() => pair.close());
      const { device, received } = scannerOn(path);
      let connected = nextStatus(device, 'connected');
      device.start();

      const perPlug = Math.max(BURST, Math.floor(LINES / (UNPLUGS + 1)));
      const expected: (ScannerLine | 'cut')[] = [];
      const sent: string[] = [];
      for (let plug = 0; plug <= UNPLUGS; plug++) {
        await connected;
        const scanner = await openScannerEnd(pair.paths[0]);
        const lines = Array.from(
          { length: perPlug },
          (_, i) => `V-P${String(plug).padStart(2, '0')}L${String(i).padStart(6, '0')}`,
        );
        sent.push(...lines);
        expected.push(...lines.map((text) => ({ ok: true as const, text })));
        if (plug === UNPLUGS) {
          await flood(scanner, lines);
          await receivedUpTo(received, expected.length);
          break;
        }
        // The last burst ends in half a scan: the cable is pulled while that scan is on the wire.
        await flood(scanner, lines, `V-CUT${plug}-HALF`);
        await receivedUpTo(received, expected.length);
        const unplugged = nextStatus(device, 'reconnecting');
        await pair.close();
        expect((await unplugged).reason).toMatch(/port closed|end of file|vanished/);
        expected.push('cut');
        await receivedUpTo(received, expected.length);
        connected = nextStatus(device, 'connected');
        pair = await openPtyPair({ link: path });
      }

      expect(received).toHaveLength(expected.length);
      received.forEach((line, i) => {
        const want = expected[i]!;
        if (want === 'cut')
          expect(line, `line ${i}`).toEqual({
            ok: false,
            reason: 'incomplete line: the stream ended before the line terminator',
          });
        else expect(line, `line ${i}`).toEqual(want);
      });
      const texts = received.flatMap((line) => (line.ok ? [line.text] : []));
      expect(texts.filter((text) => text.includes('CUT'))).toEqual([]);
      expect(tally(sent, texts)).toEqual({ sent: sent.length, found: sent.length, lost: 0, doubled: 0, strangers: 0 });
      console.info(
        `scanner-flood unplug drill: ${UNPLUGS} unplugs, ${sent.length} lines sent at 1,000/s, ${texts.length} delivered, ${UNPLUGS} cut scans refused, lost 0, doubled 0, joined 0`,
      );
    },
    LONG ? 600_000 : 60_000,
  );
});
