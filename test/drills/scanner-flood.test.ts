import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { ScannerLineParser, type ScannerLine } from '../../hardware/scanner-line-parser.ts';
import { SerialDevice } from '../../hardware/serial-device.ts';
import { openPtyPair } from '../../hardware/sim/pty-pair.ts';
import { LONG, tally } from './batch-sender.ts';

/*
 * Drill: a scanner that floods the serial line — every line written at once, far faster than the
 * 1,000 a second asked for — through a real pseudo-terminal (socat) into the gate's SerialDevice
 * and scanner parser. Every scan arrives once, in order, none torn or joined.
 */

const LINES = LONG ? 20_000 : 1_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('scanner flooding the serial line', () => {
  it(`delivers ${LINES} lines written in one burst, each once and in order`, async () => {
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const device = new SerialDevice<ScannerLine>({
      deviceId: 'scanner',
      kind: 'scanner',
      path: pair.paths[1],
      baudRate: 9600,
      createParser: () => new ScannerLineParser(),
      backoff: { initialMs: 5, maxMs: 20, failAfterAttempts: 3 },
      presenceCheckMs: 20,
    });
    cleanups.push(() => device.stop());
    const received: ScannerLine[] = [];
    const all = new Promise<void>((done) =>
      device.on('data', (line: ScannerLine) => {
        received.push(line);
        if (received.length === LINES) done();
      }),
    );
    const connected = new Promise<void>((done) => device.on('status', (status: { state: string }) => status.state === 'connected' && done()));
    device.start();
    await connected;

    const simulator = new SerialPort({ path: pair.paths[0], baudRate: 9600, autoOpen: false });
    await new Promise<void>((done, fail) => simulator.open((error) => (error ? fail(error) : done())));
    cleanups.push(() => new Promise((done) => (simulator.isOpen ? simulator.close(() => done()) : done())));
    const sent = Array.from({ length: LINES }, (_, i) => `V-FLOOD${String(i).padStart(6, '0')}`);
    // In bursts of 100 lines: how a scanner's USB-serial bridge hands them over.
    for (let at = 0; at < LINES; at += 100) simulator.write(sent.slice(at, at + 100).map((line) => `${line}\r\n`).join(''));
    await new Promise<void>((done, fail) => simulator.drain((error) => (error ? fail(error) : done())));
    await all;

    expect(received.filter((line) => !line.ok)).toEqual([]);
    const texts = received.map((line) => (line.ok ? line.text : ''));
    expect(texts).toEqual(sent);
    expect(tally(sent, texts)).toEqual({ sent: LINES, found: LINES, lost: 0, doubled: 0, strangers: 0 });
  }, 60_000);
});
