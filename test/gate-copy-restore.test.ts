import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CopiedEntry } from '../protocol/index.ts';
import { GateCopy } from '../hardware/spool/gate-copy.ts';
import { registerGateCopyRoutes } from '../hardware/spool/gate-copy-routes.ts';
import { restoreFromGate } from '../kiosk/gate-copy.ts';
import { makeEntryRecord } from './support/entry-record.ts';

/*
 * The kiosk's restore (kiosk/gate-copy.ts) against the gate's real routes and SQLite copy. The
 * journal side is a stand-in that only records what it is handed: what IndexedDB does with it is
 * the kiosk e2e test's part (test/kiosk-flow.e2e.test.ts).
 */

const device = { deviceId: 'gate-east-1', gateId: 'gate-east' };
let dir: string;
let copy: GateCopy;
let app: FastifyInstance;
let fetcher: typeof fetch;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'checkpoint-restore-'));
  copy = new GateCopy(dir);
  app = Fastify();
  registerGateCopyRoutes(app, copy, { info: () => undefined, warn: () => undefined, error: () => undefined }, () => new Date());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
  // The kiosk asks with paths relative to its page, which the gate serves.
  fetcher = (input, init) => fetch(new URL(String(input), base), init);
});

afterEach(async () => {
  await app.close();
  copy.close();
  rmSync(dir, { recursive: true, force: true });
});

function journalHolding(ids: Iterable<string>) {
  const held = new Set(ids);
  const handed: CopiedEntry[][] = [];
  return {
    handed,
    ids: async () => new Set(held),
    restore: async (entries: readonly CopiedEntry[]) => {
      handed.push([...entries]);
      for (const entry of entries) held.add(entry.record.id);
      return entries.length;
    },
  };
}

describe('taking back from the gate copy', () => {
  it('asks only for what the journal lacks, in batches the gate accepts, with progress, and the server answers kept', async () => {
    const records = Array.from({ length: 1_234 }, () => makeEntryRecord(device));
    copy.keep(records, new Date('2026-11-25T08:00:00Z'));
    copy.answered(
      [
        { index: 0, id: records[100]!.id, status: 'stored' },
        { index: 1, id: records[101]!.id, status: 'rejected', reason: 'occurredAt: in the future' },
      ],
      new Date('2026-11-25T08:01:00Z'),
    );
    const journal = journalHolding(records.slice(0, 100).map((record) => record.id));
    const progress: [number, number][] = [];
    const restored = await restoreFromGate(journal, (done, missing) => progress.push([done, missing]), fetcher);

    expect(restored).toBe(1_134);
    expect(journal.handed.map((batch) => batch.length)).toEqual([500, 500, 134]);
    expect(progress).toEqual([
      [0, 1_134],
      [500, 1_134],
      [1_000, 1_134],
      [1_134, 1_134],
    ]);
    const handed = journal.handed.flat();
    expect(new Set(handed.map((entry) => entry.record.id))).toEqual(new Set(records.slice(100).map((record) => record.id)));
    expect(handed.find((entry) => entry.record.id === records[100]!.id)).toMatchObject({
      outcome: 'stored',
      reason: null,
      answeredAt: '2026-11-25T08:01:00.000Z',
    });
    expect(handed.find((entry) => entry.record.id === records[101]!.id)).toMatchObject({
      outcome: 'rejected',
      reason: 'occurredAt: in the future',
    });
    expect(handed.find((entry) => entry.record.id === records[102]!.id)).toEqual({
      record: records[102],
      outcome: null,
      reason: null,
      answeredAt: null,
    });

    // Nothing is missing any more: nothing is asked for and nothing reported.
    progress.length = 0;
    expect(await restoreFromGate(journal, (done, missing) => progress.push([done, missing]), fetcher)).toBe(0);
    expect(progress).toEqual([]);
  });

  it("fails with the gate's own message when the gate cannot answer, having handed over nothing", async () => {
    copy.keep([makeEntryRecord(device)], new Date());
    copy.close();
    const journal = journalHolding([]);
    await expect(restoreFromGate(journal, () => undefined, fetcher)).rejects.toThrow(
      /^the gate could not read its copy: .*not open/,
    );
    expect(journal.handed).toEqual([]);
    copy = new GateCopy(dir);
  });
});
