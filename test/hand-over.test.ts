import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EntryRecord, HandOverResult, SpoolStatus } from '../protocol/index.ts';
import { Forwarder } from '../hardware/spool/forwarder.ts';
import { Spool } from '../hardware/spool/spool.ts';
import { registerSpoolRoutes } from '../hardware/spool/spool-routes.ts';
import { EntryRefused, GateDiskFull, handOverHeld, logEntry, readLog } from '../kiosk/hand-over.ts';
import type { JournalEntry, SyncState } from '../kiosk/journal.ts';
import { Outbox, type HeldStatus } from '../kiosk/outbox.ts';
import { makeEntryRecord } from './support/entry-record.ts';
import { mountSmallDisk, smallDiskUnavailable } from './support/small-disk.ts';

/*
 * The kiosk's hand-over (kiosk/hand-over.ts, kiosk/outbox.ts) against the gate's real spool routes
 * and SQLite spool. The journal side is a stand-in with the IndexedDB journal's contract: what
 * IndexedDB does with it is the kiosk e2e test's and the browser-kill drill's part.
 */

const device = { deviceId: 'gate-east-1', gateId: 'gate-east' };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let dir: string;
let spool: Spool;
let forwarder: Forwarder;
let app: FastifyInstance;
let gateUp: boolean;
let fetcher: typeof fetch;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'checkpoint-hand-over-'));
  spool = new Spool(dir);
  // Nothing listens at the server's address: the entries stay unsent at the gate.
  forwarder = new Forwarder({
    spool,
    uplink: { serverUrl: 'http://127.0.0.1:9', deviceToken: 't', fetch },
    logger: quiet,
    onStatus: () => undefined,
  });
  app = Fastify();
  registerSpoolRoutes(app, { spool, forwarder, logger: quiet, now: () => new Date() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
  gateUp = true;
  // The kiosk asks with paths relative to its page, which the gate serves; "down" is a refused connection.
  fetcher = (input, init) => (gateUp ? fetch(new URL(String(input), base), init) : fetch('http://127.0.0.1:9/', init));
});

afterEach(async () => {
  await app.close();
  await forwarder.stop();
  spool.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The IndexedDB journal's contract, in memory. */
class HeldEntries {
  readonly entries = new Map<string, JournalEntry>();
  handOvers = 0;

  hold(record: EntryRecord, state: SyncState = 'unsent'): void {
    this.entries.set(record.id, { record, state, priority: 1, savedAt: record.occurredAt, sentAt: null, reason: null });
  }
  async append(record: EntryRecord): Promise<void> {
    if (this.entries.has(record.id)) throw new Error('ConstraintError: key already exists');
    this.hold(record);
  }
  async unsent(limit: number): Promise<JournalEntry[]> {
    return [...this.entries.values()].filter((entry) => entry.state === 'unsent').slice(0, limit);
  }
  async handedOver(results: readonly HandOverResult[]): Promise<void> {
    this.handOvers += 1;
    for (const result of results) {
      if (result.id === null) continue;
      if (result.status !== 'refused') this.entries.delete(result.id);
      else Object.assign(this.entries.get(result.id) ?? {}, { state: 'rejected', reason: result.reason });
    }
  }
  async count(state: SyncState): Promise<number> {
    return [...this.entries.values()].filter((entry) => entry.state === state).length;
  }
  async since(iso: string): Promise<JournalEntry[]> {
    return [...this.entries.values()].filter((entry) => Date.parse(entry.record.occurredAt) >= Date.parse(iso));
  }
}

describe('logging an entry', () => {
  it('hands it to the gate, which has it on disk; the browser holds nothing', async () => {
    const journal = new HeldEntries();
    const record = makeEntryRecord(device);
    const logged = await logEntry(journal, record, fetcher);
    expect(logged).toMatchObject({ where: 'gate', status: { type: 'spool-status', unsent: 1 } });
    expect(spool.unsent(10).map((entry) => entry.id)).toEqual([record.id]);
    expect(journal.entries.size).toBe(0);
  });

  it('holds it in the browser while the gate cannot be reached', async () => {
    const journal = new HeldEntries();
    gateUp = false;
    const record = makeEntryRecord(device);
    expect(await logEntry(journal, record, fetcher)).toEqual({ where: 'screen', gateDiskFull: false });
    expect([...journal.entries.keys()]).toEqual([record.id]);
    expect(spool.counts().unsent).toBe(0);
  });

  it('does not let the person go when the gate refuses the record', async () => {
    const journal = new HeldEntries();
    const bad = { ...makeEntryRecord(device), direction: 'sideways' } as unknown as EntryRecord;
    await expect(logEntry(journal, bad, fetcher)).rejects.toThrow(EntryRefused);
    await expect(logEntry(journal, bad, fetcher)).rejects.toThrow(/direction/);
    expect(journal.entries.size).toBe(0);
    expect(spool.counts().unsent).toBe(0);
  });
});

describe('handing over what the browser held', () => {
  it('hands everything over in batches the gate accepts and deletes each once the gate has it', async () => {
    const journal = new HeldEntries();
    const records = Array.from({ length: 1_234 }, () => makeEntryRecord(device));
    for (const record of records) journal.hold(record);
    // The gate already had some: a hand-over whose answer was lost.
    spool.keep(records.slice(0, 10), new Date());
    const status = await handOverHeld(journal, fetcher);
    expect(journal.handOvers).toBe(3);
    expect(journal.entries.size).toBe(0);
    expect(status).toMatchObject({ unsent: 1_234 });
    expect(spool.counts().unsent).toBe(1_234);
  });

  it('keeps an entry the gate refused, with the reason, and stops trying it', async () => {
    const journal = new HeldEntries();
    const good = makeEntryRecord(device);
    const bad = { ...makeEntryRecord(device), mask: 'maybe' } as unknown as EntryRecord;
    journal.hold(good);
    journal.hold(bad);
    await handOverHeld(journal, fetcher);
    expect([...journal.entries.values()]).toMatchObject([{ record: { id: bad.id }, state: 'rejected', reason: /mask/ }]);
    expect(await handOverHeld(journal, fetcher)).toBeNull();
  });

  it('throws while the gate cannot be reached and holds everything', async () => {
    const journal = new HeldEntries();
    journal.hold(makeEntryRecord(device));
    gateUp = false;
    await expect(handOverHeld(journal, fetcher)).rejects.toThrow();
    expect(journal.entries.size).toBe(1);
  });
});

describe('the outbox', () => {
  it('retries while the gate is away and hands over at once when kicked with the gate back', async () => {
    const journal = new HeldEntries();
    const records = [makeEntryRecord(device), makeEntryRecord(device)];
    for (const record of records) journal.hold(record);
    gateUp = false;
    const statuses: HeldStatus[] = [];
    const gate: SpoolStatus[] = [];
    const outbox = new Outbox({
      store: journal,
      fetch: fetcher,
      onStatus: (status) => statuses.push(status),
      onGateStatus: (status) => gate.push(status),
      retryMs: 60_000,
    });
    outbox.start();
    try {
      await vi.waitFor(() =>
        expect(statuses.at(-1)).toMatchObject({ held: 2, refused: 0, lastError: expect.any(String), gateDiskFull: false }),
      );
      gateUp = true;
      // The retry is a minute away: only the kick (the kiosk's event stream opening again) brings it forward.
      outbox.kick();
      await vi.waitFor(() => expect(statuses.at(-1)).toEqual({ held: 0, refused: 0, lastError: null, gateDiskFull: false }));
      expect(gate.at(-1)).toMatchObject({ unsent: 2 });
      expect(
        spool
          .unsent(10)
          .map((entry) => entry.id)
          .sort(),
      ).toEqual(records.map((record) => record.id).sort());
    } finally {
      outbox.stop();
    }
  });
});

describe("the day's log", () => {
  it("is the gate's, with what the browser still holds added in, oldest first", async () => {
    const journal = new HeldEntries();
    const [early, atGate, held, yesterday] = [
      makeEntryRecord(device, { occurredAt: '2026-11-25T08:00:00.000+08:00' }),
      makeEntryRecord(device, { occurredAt: '2026-11-25T09:00:00.000+08:00' }),
      makeEntryRecord(device, { occurredAt: '2026-11-25T08:30:00.000+08:00' }),
      makeEntryRecord(device, { occurredAt: '2026-11-24T23:00:00.000+08:00' }),
    ];
    spool.keep([atGate, early, yesterday], new Date());
    spool.answered([{ index: 0, id: early.id, status: 'stored' }], new Date('2026-11-25T01:00:00Z'));
    journal.hold(held);
    const log = await readLog(journal, new Date('2026-11-25T00:00:00.000+08:00'), fetcher);
    expect(log.gateAnswered).toBe(true);
    expect(log.entries.map((entry) => [entry.record.id, entry.state])).toEqual([
      [early.id, 'sent'],
      [held.id, 'unsent'],
      [atGate.id, 'unsent'],
    ]);
    gateUp = false;
    const offline = await readLog(journal, new Date('2026-11-25T00:00:00.000+08:00'), fetcher);
    expect(offline).toMatchObject({ gateAnswered: false, entries: [{ record: { id: held.id } }] });
  });
});

describe.skipIf(smallDiskUnavailable !== null)(
  `when the gate's disk is full${smallDiskUnavailable ? ` (${smallDiskUnavailable})` : ''}`,
  () => {
    it('holds the entry in the browser, says the gate cannot save, and hands it over once space is back', async () => {
      const disk = mountSmallDisk(2 * 1024 * 1024);
      const fullSpool = new Spool(disk.dir);
      const fullApp = Fastify();
      registerSpoolRoutes(fullApp, { spool: fullSpool, forwarder, logger: quiet, now: () => new Date() });
      await fullApp.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(fullApp.server.address() as AddressInfo).port}/`;
      const toFullGate: typeof fetch = (input, init) => fetch(new URL(String(input), base), init);
      const statuses: HeldStatus[] = [];
      const journal = new HeldEntries();
      const outbox = new Outbox({
        store: journal,
        fetch: toFullGate,
        onStatus: (status) => statuses.push(status),
        onGateStatus: () => undefined,
        retryMs: 60_000,
      });
      try {
        const before = makeEntryRecord(device);
        expect(await logEntry(journal, before, toFullGate)).toMatchObject({ where: 'gate' });
        disk.fill();
        const record = makeEntryRecord(device);
        expect(await logEntry(journal, record, toFullGate)).toEqual({ where: 'screen', gateDiskFull: true });
        expect([...journal.entries.keys()]).toEqual([record.id]);
        await expect(handOverHeld(journal, toFullGate)).rejects.toThrow(GateDiskFull);

        outbox.start();
        await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ held: 1, gateDiskFull: true }));
        disk.free();
        // The retry is a minute away: the kick (the kiosk's next entry, or the gate's stream again) brings it forward.
        outbox.kick();
        await vi.waitFor(() => expect(statuses.at(-1)).toEqual({ held: 0, refused: 0, lastError: null, gateDiskFull: false }));
        expect(fullSpool.unsent(10).map((entry) => entry.id)).toEqual([before.id, record.id]);
      } finally {
        outbox.stop();
        await fullApp.close();
        fullSpool.close();
        disk.unmount();
      }
    });
  },
);
