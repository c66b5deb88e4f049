import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ArduinoUno, UNO_CLOCK_HZ } from './arduino-uno.ts';
import type { FromBoard, ToBoard } from './board-messages.ts';
import { parseIntelHex } from './intel-hex.ts';
import type { SensorScript } from '../simulated-board.ts';
import { Mlx90614Smbus } from './mlx90614-smbus.ts';

/**
 * The emulated Uno's own thread, as a real board is its own chip: it runs the firmware paced to
 * wall-clock time (16 million cycles a second, never ahead, so millis() and the sampling interval
 * are true) and exchanges only serial bytes, pin levels and the sensor's scene with the gate side.
 */

const { hexPath, sensor } = workerData as { hexPath: string; sensor: Partial<SensorScript> };
const port = parentPort!;
const flash = parseIntelHex(readFileSync(hexPath, 'utf8'), 32 * 1024);
const post = (message: FromBoard) => port.postMessage(message);
const CYCLES_PER_MS = UNO_CLOCK_HZ / 1000;
/** Longest run without looking at the gate's messages. */
const SLICE_MS = 4;

let outgoing: number[] = [];
let pinChanges: [number, 0 | 1 | null][] = [];
const mlx = new Mlx90614Smbus(sensor, (register) => post({ type: 'i2c-read', register }));
let uno = powerOn();
let epoch = performance.now();
let busyMs = 0;
let emulatedCycles = 0;
let lastReport = epoch;

function powerOn(): ArduinoUno {
  return new ArduinoUno(
    Uint8Array.from(flash),
    [mlx],
    (byte) => outgoing.push(byte),
    (pin, level) => pinChanges.push([pin, level]),
  );
}

port.on('message', (message: ToBoard) => {
  switch (message.type) {
    case 'receive':
      uno.receive(message.bytes);
      return;
    case 'sensor':
      Object.assign(mlx.script, message.script);
      return;
    case 'power-cycle':
      outgoing = [];
      pinChanges = [];
      uno = powerOn();
      epoch = performance.now();
      return;
  }
});

function slice(): void {
  const began = performance.now();
  const before = uno.cpu.cycles;
  const due = (began - epoch) * CYCLES_PER_MS;
  uno.runUntil(Math.min(due, before + SLICE_MS * CYCLES_PER_MS));
  const ended = performance.now();
  busyMs += ended - began;
  emulatedCycles += uno.cpu.cycles - before;
  if (outgoing.length > 0) {
    post({ type: 'transmit', bytes: Uint8Array.from(outgoing) });
    outgoing = [];
  }
  if (pinChanges.length > 0) {
    post({ type: 'pins', changes: pinChanges });
    pinChanges = [];
  }
  if (ended - lastReport >= 1000) {
    post({
      type: 'clock',
      realTimeFactor: emulatedCycles / CYCLES_PER_MS / (ended - lastReport),
      capacityMHz: busyMs > 0 ? emulatedCycles / busyMs / 1000 : 0,
      lagMs: Math.max(0, (ended - epoch) * 1 - uno.cpu.cycles / CYCLES_PER_MS),
    });
    lastReport = ended;
    busyMs = 0;
    emulatedCycles = 0;
  }
  // Behind the wall clock: go on at once; level with it: wait for the next millisecond.
  if (uno.cpu.cycles < (performance.now() - epoch) * CYCLES_PER_MS) setImmediate(slice);
  else setTimeout(slice, 1);
}
slice();
