import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GateMessage } from '../../protocol/spool.ts';
import { openPtyPair, type PtyPair } from '../../hardware/sim/pty-pair.ts';
import { ROOT } from '../support/system.ts';
import { LONG, tally } from './batch-sender.ts';
import { startGateProcess, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { screenHeaders } from '../support/gate-screen.ts';

/*
 * Drill: the gate service is SIGKILLed while a scan is half written to its scanner — the scanner
 * (a socat pseudo-terminal the drill holds, as the USB scanner stays plugged in while the gate box
 * restarts) has sent the first half; the second half arrives while the gate is down. The gate is
 * restarted on the same configuration. Every scan sent while the gate listens must reach the
 * kiosk's event stream once; the cut scan must never show up — not its tail alone, not joined to
 * the next scan — and scans after the restart must work. (The tail is dropped because serialport
 * flushes a port's input when it opens it: this drill is what notices if that ever changes.)
 */

const KILLS = LONG ? 20 : 3;
const SCANS_PER_LIFE = 5;

let server: ServerProcess;
let gate: GateProcess;
let scannerLink: PtyPair;
let scanner: SerialPort;

beforeAll(async () => {
  server = await startServerProcess({ logLevel: 'warn' });
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-mid-scan-'));
  const scannerPath = join(dir, 'scanner');
  scannerLink = await openPtyPair({ link: scannerPath });
  scanner = new SerialPort({ path: scannerLink.paths[0], baudRate: 9600, autoOpen: false });
  await new Promise<void>((done, fail) => scanner.open((error) => (error ? fail(error) : done())));
  const configFile = join(dir, 'gate.json');
  const { serverUrl, deviceId, gateId, deviceToken } = server.gate;
  writeFileSync(
    configFile,
    JSON.stringify({
      serverUrl,
      deviceId,
      gateId,
      deviceToken,
      simulate: false,
      dataDir: join(dir, 'gate'),
      kioskDir: join(ROOT, 'dist/kiosk'),
      scanner: { path: scannerPath },
      // No thermometer or board fitted: the drill is about the scanner line.
      thermometer: { kind: 'gun', path: join(dir, 'no-thermometer') },
      board: null,
    }),
  );
  gate = await startGateProcess(server.dataDir, serverUrl, { configFile, gateDataDir: join(dir, 'gate') });
}, 120_000);

afterAll(async () => {
  await gate?.stop();
  if (scanner?.isOpen) await new Promise<void>((done) => scanner.close(() => done()));
  await scannerLink?.close();
  await server?.stop();
});

/** The kiosk's side of the gate: its event stream, as the page's GateLink hears it. */
async function listen(): Promise<{ scans: string[]; scannerConnected: Promise<void>; close: () => void }> {
  const socket = new WebSocket(`${gate.url.replace(/^http/, 'ws')}/events`, { headers: screenHeaders(gate.url) });
  const scans: string[] = [];
  let connected!: () => void;
  const scannerConnected = new Promise<void>((done) => (connected = done));
  socket.on('message', (data) => {
    const event = GateMessage.parse(JSON.parse(String(data)));
    if (event.type === 'device-status' && event.device === 'scanner' && event.state === 'connected') connected();
    if (event.type === 'scan') scans.push(event.payload.kind === 'unknown' ? event.payload.text : JSON.stringify(event.payload));
  });
  await new Promise<void>((done, fail) => {
    socket.once('open', () => done());
    socket.once('error', fail);
  });
  return { scans, scannerConnected, close: () => socket.close() };
}

function write(bytes: string): Promise<void> {
  scanner.write(bytes);
  return new Promise((done, fail) => scanner.drain((error) => (error ? fail(error) : done())));
}

describe('gate service killed mid-scan', () => {
  it(
    `never turns a cut scan into a scan, across ${KILLS} SIGKILLs with half a scan on the wire`,
    async () => {
      const sent: string[] = [];
      const heard: string[] = [];
      for (let life = 0; life <= KILLS; life++) {
        const stream = await listen();
        // The gate opens the scanner a moment after it starts listening: scans go once it has.
        await stream.scannerConnected;
        const scans = Array.from({ length: SCANS_PER_LIFE }, (_, i) => `SCAN-L${String(life).padStart(2, '0')}-${i}`);
        for (const scan of scans) await write(`${scan}\r\n`);
        sent.push(...scans);
        await expect.poll(() => stream.scans.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(scans.length);
        if (life < KILLS) {
          await write(`HALF-L${life}-FIRST`);
          // Every other kill lands after the gate has read the first half into its line buffer,
          // the others while the half may still be on the wire.
          if (life % 2 === 1) await new Promise((done) => setTimeout(done, 100));
          await gate.kill();
          // The scanner finishes sending while nothing listens: the tail waits in the line.
          await write(`-SECOND-HALF-${life}\r\n`);
          await gate.start();
        }
        heard.push(...stream.scans);
        stream.close();
      }
      expect(heard.filter((scan) => scan.includes('HALF'))).toEqual([]);
      expect(heard).toEqual(sent);
      expect(tally(sent, heard)).toEqual({ sent: sent.length, found: sent.length, lost: 0, doubled: 0, strangers: 0 });
      console.info(
        `gate-kill-mid-scan drill: ${KILLS} kills mid-scan, ${sent.length} scans sent, ${heard.length} heard, cut scans heard 0, lost 0, doubled 0`,
      );
    },
    LONG ? 600_000 : 120_000,
  );
});
