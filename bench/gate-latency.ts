import WebSocket from 'ws';
import { HardwareEvent } from '../protocol/hardware-events.ts';
import type { DemoPass } from '../server/setup/seed.ts';
import { SCANNER_BAUD, type GateRig } from './gate-rig.ts';
import { armProbe, clockOffset, installProbe, nodeEpochMs } from './kiosk-probe.ts';
import { summarize, type LatencySummary } from './latency-summary.ts';
import { screenHeaders } from '../test/support/gate-screen.ts';

/** One pass form scanned over and over on the scanner's line, paced as a 9600-baud scanner sends it. */
export interface PassFormLatency {
  form: 'CP1 (JSON)' | 'CP2 (compact)';
  scanBytes: number;
  /** The wire time computed: bytes × 10 bits ÷ baud. */
  floorMs: number;
  /** The wire time measured on the pty: the first bit → the last byte written, paced at the line's baud rate. */
  wire: LatencySummary;
  /** The first bit of the scan → the frame that paints the person's name: what the guard waits. */
  fromFirstBit: LatencySummary;
  /** The last byte → the frame that paints the name: the software's share. */
  shown: LatencySummary;
  /** The last byte → the name in the DOM (before paint). */
  dom: LatencySummary;
  /** The last byte → the `scan` event at a WebSocket client of the gate: the gate's share. */
  gate: LatencySummary;
  missed: number;
}

export interface GateLatency {
  forms: PassFormLatency[];
  clockErrorMs: number;
  clockDriftMs: number;
}

/** Time on the wire at the configured baud: 8N1 is 10 bits a byte. */
export function wireFloorMs(bytes: number, baud: number): number {
  return (bytes * 10 * 1000) / baud;
}

/**
 * Alternates two residents' passes, so each scan changes the name on screen, waits for each to be
 * painted, then lets the gun's reading see the person through before the next scan (a guard
 * screens one person at a time); once with the JSON form
 * (CP1) and once with the compact form (CP2) the pass sheets print, each written onto the
 * scanner's pty at the pace of its 9600-baud line.
 */
export async function measureGateLatency(rig: GateRig, scans: number): Promise<GateLatency> {
  const { kiosk } = rig;
  const [a, b] = rig.passes;
  if (!a || !b) throw new Error('the demo seed has fewer than two resident passes');
  await installProbe(kiosk);
  const events = await gateEvents(rig.gateUrl);
  const before = await clockOffset(kiosk);
  const forms: PassFormLatency[] = [];
  for (const [form, textOf] of [
    ['CP1 (JSON)', (p: DemoPass) => p.jsonPass],
    ['CP2 (compact)', (p: DemoPass) => p.pass],
  ] as const) {
    const wire: number[] = [];
    const fromFirstBit: number[] = [];
    const shown: number[] = [];
    const dom: number[] = [];
    const gate: number[] = [];
    let missed = 0;
    for (let i = 0; i < scans; i++) {
      const pass = i % 2 === 0 ? a : b;
      const armed = await armProbe(kiosk, 'person');
      const atGate = events.next('scan');
      const written = rig.scanner.writePaced(`${textOf(pass)}\r\n`, SCANNER_BAUD);
      const lastByte = nodeEpochMs(written.lastByte);
      const event = await armed.event;
      const gateAt = await atGate;
      // A scan while someone is on screen queues behind them: the reading sees this one through
      // (zero-touch) so the next scan comes to an empty screen, as at a gate.
      const left = await armProbe(kiosk, 'done');
      rig.gun.write('T=36.5C A=21.4C\r\n');
      await left.event;
      wire.push(written.lastByte - written.firstByte);
      if (gateAt !== null) gate.push(gateAt - written.lastByte);
      if (!event || event.name !== pass.name) {
        missed += 1;
        continue;
      }
      const paintedAt = event.frameAt - before.offsetMs;
      shown.push(paintedAt - lastByte);
      fromFirstBit.push(paintedAt - nodeEpochMs(written.firstByte));
      dom.push(event.domAt - before.offsetMs - lastByte);
    }
    const scanBytes = Buffer.byteLength(`${textOf(a)}\r\n`);
    forms.push({
      form,
      scanBytes,
      floorMs: wireFloorMs(scanBytes, SCANNER_BAUD),
      wire: summarize(wire),
      fromFirstBit: summarize(fromFirstBit),
      shown: summarize(shown),
      dom: summarize(dom),
      gate: summarize(gate),
      missed,
    });
  }
  const after = await clockOffset(kiosk);
  events.close();
  return {
    forms,
    clockErrorMs: Math.max(before.rttMs, after.rttMs) / 2,
    clockDriftMs: after.offsetMs - before.offsetMs,
  };
}

/** A WebSocket client of the gate (as the kiosk is): when the next event of a type arrives. */
async function gateEvents(
  gateUrl: string,
): Promise<{ next: (type: HardwareEvent['type']) => Promise<number | null>; close: () => void }> {
  const socket = new WebSocket(`${gateUrl.replace('http', 'ws')}/events`, { headers: screenHeaders(gateUrl) });
  await new Promise<void>((done, fail) => {
    socket.once('open', () => done());
    socket.once('error', fail);
  });
  let waiting: { type: HardwareEvent['type']; resolve: (at: number | null) => void } | null = null;
  socket.on('message', (data: Buffer) => {
    const at = performance.now();
    const parsed = HardwareEvent.safeParse(JSON.parse(data.toString()));
    if (parsed.success && waiting && parsed.data.type === waiting.type) {
      waiting.resolve(at);
      waiting = null;
    }
  });
  return {
    next: (type) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), 5_000);
        waiting = {
          type,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
      }),
    close: () => socket.close(),
  };
}

/** Last byte of a gun reading on its line → the `temperature` event on the gate's WebSocket. */
export async function measureReadingPipeline(
  rig: GateRig,
  readings: number,
): Promise<{ latency: LatencySummary; missed: number }> {
  const events = await gateEvents(rig.gateUrl);
  const samples: number[] = [];
  let missed = 0;
  for (let i = 0; i < readings; i++) {
    const objectC = (36.2 + (i % 5) / 10).toFixed(1);
    const arrived = events.next('temperature');
    const lastByte = rig.gun.write(`T=${objectC}C A=21.4C\r\n`);
    const at = await arrived;
    if (at === null) missed += 1;
    else samples.push(at - lastByte);
  }
  events.close();
  return { latency: summarize(samples), missed };
}
