import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';
import { FirmataBoardLink } from './firmata-board-link.ts';
import { FirmataBoardEmulator } from '../../sim/firmata-board-emulator.ts';
import { BOARDS } from '../../../test/support/simulated-boards.ts';
import { openSimulatedLink, type LinkKind, type SimulatedLink } from '../../sim/serial-link.ts';
import { receivedAtBaud } from '../../sim/uart-framing.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function wire(kind: LinkKind): Promise<SimulatedLink> {
  const link = await openSimulatedLink(kind, 'board');
  cleanups.push(() => link.close());
  return link;
}

function boardLink(
  link: SimulatedLink,
  overrides: Partial<ConstructorParameters<typeof FirmataBoardLink>[0]> = {},
): FirmataBoardLink {
  const board = new FirmataBoardLink({
    deviceId: 'board',
    path: link.devicePath,
    baudRate: 57600,
    binding: link.binding,
    reportVersionAfterMs: 50,
    handshakeTimeoutMs: 5_000,
    presenceCheckMs: link.kind === 'pty' ? 50 : null,
    backoff: { initialMs: 20, maxMs: 100 },
    ...overrides,
  });
  cleanups.push(() => board.stop());
  return board;
}

function statusMatching(board: FirmataBoardLink, test: (status: DeviceStatus) => boolean): Promise<DeviceStatus> {
  return new Promise((resolve) => {
    const listener = (status: DeviceStatus) => {
      if (!test(status)) return;
      board.off('status', listener);
      resolve(status);
    };
    board.on('status', listener);
  });
}

/** Fails with what was awaited, rather than with the test's timeout. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each<LinkKind>(['pty', 'mock'])('FirmataBoardLink over a %s link', (kind) => {
  it('finishes johnny-five handshake with the emulated StandardFirmata and drives a pin', async () => {
    const link = await wire(kind);
    const emulator = new FirmataBoardEmulator(link);
    const board = boardLink(link);
    const ready = once(board, 'ready');
    board.start();
    await ready;
    expect(board.status).toMatchObject({ state: 'connected', reason: expect.stringContaining('StandardFirmata') });
    const { default: five } = await import('johnny-five');
    const written = once(emulator, 'pin');
    new five.Led({ pin: 13, board: board.board! }).on();
    expect((await written)[0]).toMatchObject({ pin: 13, value: 1, kind: 'digital' });
  });
});

describe.each(BOARDS)('FirmataBoardLink with $name over a pty', { timeout: 60_000 }, (under) => {
  it('names the firmware and its version; reports an unplugged board and reconnects when it comes back', async () => {
    const link = await wire('pty');
    const emulator = await under.open(link);
    cleanups.push(() => emulator.close());
    const board = boardLink(link, { handshakeTimeoutMs: 30_000 });
    board.start();
    await once(board, 'ready');
    expect(board.status.reason).toBe(`${under.firmware} on ${link.devicePath}`);
    const lost = once(board, 'lost');
    const reason = statusMatching(board, (s) => s.state !== 'connected');
    await link.unplug();
    await lost;
    expect((await reason).reason).toMatch(/vanished|closed/);
    expect(board.board).toBeNull();
    emulator.reset();
    const ready = once(board, 'ready');
    await link.replug();
    await ready;
    expect(board.status.state).toBe('connected');
  });
});

describe('FirmataBoardLink over a pty', () => {
  it('retrying a missing board does not pile up johnny-five boards', async () => {
    const { default: five } = await import('johnny-five');
    const before = five.Board.cache.length;
    const board = new FirmataBoardLink({
      deviceId: 'board',
      path: '/dev/nonexistent-board',
      baudRate: 57600,
      backoff: { initialMs: 5, maxMs: 5, failAfterAttempts: 8 },
    });
    cleanups.push(() => board.stop());
    const failed = statusMatching(board, (s) => s.state === 'failed');
    board.start();
    await failed;
    expect(five.Board.cache.length - before).toBeLessThanOrEqual(1);
  });

  it('says the board is missing, then connects once it is plugged in', async () => {
    const link = await wire('pty');
    await link.unplug();
    new FirmataBoardEmulator(link);
    const board = boardLink(link);
    let readyWhileMissing = false;
    board.once('ready', () => (readyWhileMissing = !link.plugged));
    const missing = statusMatching(board, (s) => s.state !== 'connected');
    board.start();
    const status = await within(missing, 3_000, 'status saying the board is missing');
    expect(status.state).toBe('reconnecting');
    expect(status.reason).toContain(`cannot open ${link.devicePath}`);
    expect(status.reason).toMatch(/retrying in \d+ ms/);
    expect(board.board).toBeNull();
    const ready = once(board, 'ready');
    await link.replug();
    await within(ready, 5_000, 'handshake after the board was plugged in');
    expect(readyWhileMissing).toBe(false);
    expect(board.board).not.toBeNull();
    expect(board.status).toMatchObject({ state: 'connected', reason: `StandardFirmata.ino 2.5 on ${link.devicePath}` });
  });

  it('gives up the handshake with a reason when nothing answers Firmata (wrong firmware or baud)', async () => {
    const link = await wire('pty');
    const board = boardLink(link, { handshakeTimeoutMs: 300 });
    const silent = statusMatching(board, (s) => /no Firmata handshake/.test(s.reason ?? ''));
    board.start();
    expect((await silent).reason).toMatch(/baud rate 57600/);
    expect(board.board).toBeNull();
  });

  it('a board whose firmware talks at another baud rate sends garbage: the handshake fails with a reason, nothing crashes', async () => {
    const link = await wire('pty');
    // StandardFirmata built for 115200 answering a port opened at 57600.
    const misconfigured: SimulatedLink = {
      ...link,
      plugged: true,
      write: (bytes) => link.write(receivedAtBaud(bytes, 115200, 57600)),
      onData: (listener) => link.onData(listener),
    };
    new FirmataBoardEmulator(misconfigured);
    const board = boardLink(link, { handshakeTimeoutMs: 800 });
    const failed = statusMatching(board, (s) => /no Firmata handshake/.test(s.reason ?? ''));
    board.start();
    await failed;
    expect(board.board).toBeNull();
  });
});
