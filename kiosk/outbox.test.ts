import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_BATCH, type EntryRecord, type RecordResult, type SyncBatchRequest } from '../protocol/index.ts';
import type { JournalEntry, SyncState } from './journal.ts';
import { Outbox, type OutboxOptions, type OutboxStatus, type OutboxStore, type UplinkAnswer } from './outbox.ts';
import { SAMPLE_DEVICE, makeEntryRecord } from '../test/support/entry-record.ts';
import { makeJournalEntry } from '../test/support/kiosk-fixtures.ts';

/** An in-memory journal with the same contract as the IndexedDB one, for outbox logic only. */
class MemoryStore implements OutboxStore {
  readonly entries = new Map<string, JournalEntry>();

  add(record: EntryRecord): void {
    this.entries.set(record.id, makeJournalEntry(record));
  }
  async unsent(limit: number): Promise<JournalEntry[]> {
    return [...this.entries.values()]
      .filter((e) => e.state === 'unsent')
      .sort((a, b) => a.record.id.localeCompare(b.record.id))
      .slice(0, limit);
  }
  async applyResults(results: readonly RecordResult[], at: Date): Promise<void> {
    for (const result of results) {
      const entry = result.id === null ? undefined : this.entries.get(result.id);
      if (!entry) continue;
      if (result.status === 'rejected') Object.assign(entry, { state: 'rejected', reason: result.reason });
      else Object.assign(entry, { state: 'sent', sentAt: at.toISOString() });
    }
  }
  async count(state: SyncState): Promise<number> {
    return [...this.entries.values()].filter((e) => e.state === state).length;
  }
}

function record(): EntryRecord {
  return makeEntryRecord(SAMPLE_DEVICE, { occurredAt: new Date().toISOString() });
}

function accept(batch: SyncBatchRequest): UplinkAnswer {
  return {
    status: 200,
    body: {
      batchId: batch.batchId,
      receivedAt: new Date().toISOString(),
      results: batch.entries.map((entry, index) => ({ index, id: (entry as EntryRecord).id, status: 'stored' })),
    },
  };
}

describe('Outbox', () => {
  let store: MemoryStore;
  let statuses: OutboxStatus[];
  let outbox: Outbox | undefined;

  beforeEach(() => {
    vi.useFakeTimers();
    store = new MemoryStore();
    statuses = [];
  });
  afterEach(() => {
    outbox?.stop();
    vi.useRealTimers();
  });

  function start(
    post: (batch: SyncBatchRequest) => Promise<UplinkAnswer>,
    batchSize = 2,
    more: Partial<OutboxOptions> = {},
  ): Outbox {
    outbox = new Outbox({ store, post, onStatus: (s) => statuses.push(s), batchSize, random: () => 1, ...more });
    outbox.start();
    return outbox;
  }

  it('sends every unsent entry in order, in batches, and reports none left', async () => {
    for (let i = 0; i < 5; i++) store.add(record());
    const sentIds: string[] = [];
    start(async (batch) => {
      sentIds.push(...batch.entries.map((e) => (e as EntryRecord).id));
      return accept(batch);
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(sentIds).toEqual([...store.entries.keys()].sort());
    expect(await store.count('sent')).toBe(5);
    expect(statuses.at(-1)).toMatchObject({ unsent: 0, rejected: 0, lastError: null });
  });

  it('keeps entries unsent and backs off exponentially while the uplink fails', async () => {
    store.add(record());
    const attempts: number[] = [];
    start(async () => {
      attempts.push(Date.now());
      throw new Error('Failed to fetch');
    });
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 + 10);
    expect(attempts.length).toBe(4);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(gaps).toEqual([1_000, 2_000, 4_000]);
    expect(await store.count('unsent')).toBe(1);
    expect(statuses.at(-1)).toMatchObject({ unsent: 1, lastError: 'Failed to fetch' });
  });

  it('recovers when the uplink comes back and clears the error', async () => {
    store.add(record());
    let up = false;
    start(async (batch) => {
      if (!up) return { status: 502, body: { error: 'server-unreachable', message: 'server unreachable' } };
      return accept(batch);
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(statuses.at(-1)).toMatchObject({ unsent: 1, lastError: 'server unreachable', serverUnreachable: true });
    up = true;
    await vi.advanceTimersByTimeAsync(1_100);
    expect(statuses.at(-1)).toMatchObject({ unsent: 0, lastError: null, serverUnreachable: false });
    expect(statuses.at(-1)?.lastSuccessAt).not.toBeNull();
  });

  it('marks a record the server rejected as rejected with its reason, and sends the rest', async () => {
    const bad = record();
    const good = record();
    store.add(bad);
    store.add(good);
    start(async (batch) => ({
      status: 200,
      body: {
        batchId: batch.batchId,
        receivedAt: new Date().toISOString(),
        results: [
          { index: 0, id: bad.id, status: 'rejected', reason: 'recorded by another device' },
          { index: 1, id: good.id, status: 'duplicate' },
        ],
      },
    }));
    await vi.advanceTimersByTimeAsync(10);
    expect(store.entries.get(bad.id)).toMatchObject({ state: 'rejected', reason: 'recorded by another device' });
    expect(store.entries.get(good.id)).toMatchObject({ state: 'sent' });
    expect(statuses.at(-1)).toMatchObject({ unsent: 0, rejected: 1 });
  });

  it('does not spin when the server answers for none of the batch', async () => {
    store.add(record());
    let calls = 0;
    start(async (batch) => {
      calls += 1;
      return { status: 200, body: { batchId: batch.batchId, receivedAt: new Date().toISOString(), results: [] } };
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toBe(1);
    expect(statuses.at(-1)).toMatchObject({ unsent: 1, lastError: 'server answered for none of the batch' });
  });

  it("sends up to the server's batch limit at once by default, so a backlog is a few round trips", async () => {
    for (let i = 0; i < MAX_BATCH + 20; i++) store.add(record());
    const sizes: number[] = [];
    outbox = new Outbox({
      store,
      onStatus: () => undefined,
      post: async (batch) => (sizes.push(batch.entries.length), accept(batch)),
    });
    outbox.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(sizes).toEqual([MAX_BATCH, 20]);
  });

  it('cuts a batch short before its JSON passes the byte budget, counting UTF-8 bytes', async () => {
    const named = () =>
      makeEntryRecord(SAMPLE_DEVICE, {
        occurredAt: new Date().toISOString(),
        subject: { ...makeEntryRecord(SAMPLE_DEVICE).subject, name: '王'.repeat(100) },
      });
    for (let i = 0; i < 5; i++) store.add(named());
    const oneRecordBytes = new TextEncoder().encode(JSON.stringify(named())).length + 1;
    const sizes: number[] = [];
    start(async (batch) => (sizes.push(batch.entries.length), accept(batch)), 10, { maxBatchBytes: oneRecordBytes * 2 + 10 });
    await vi.advanceTimersByTimeAsync(10);
    expect(sizes).toEqual([2, 2, 1]);
    expect(await store.count('sent')).toBe(5);
  });

  it('ends a long back-off as soon as the probe finds the server again', async () => {
    store.add(record());
    let up = false;
    const attempts: number[] = [];
    const probes: number[] = [];
    start(
      async (batch) => {
        attempts.push(Date.now());
        return up ? accept(batch) : { status: 502, body: { error: 'server-unreachable', message: 'server unreachable' } };
      },
      2,
      { probe: async () => (probes.push(Date.now()), up), probeMs: 500, baseBackoffMs: 60_000, maxBackoffMs: 60_000 },
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(attempts).toHaveLength(1);
    expect(probes.length).toBeGreaterThanOrEqual(9);
    up = true;
    await vi.advanceTimersByTimeAsync(600);
    expect(attempts).toHaveLength(2);
    expect(statuses.at(-1)).toMatchObject({ unsent: 0, lastError: null });
  });

  /** An outbox whose every post fails as `fail` says; answers the gaps between its attempts. */
  function startFailing(fail: () => Promise<UplinkAnswer>, probe: () => Promise<boolean>, probeMs: number): () => number[] {
    const attempts: number[] = [];
    start(
      async () => {
        attempts.push(Date.now());
        return fail();
      },
      2,
      { probe, probeMs },
    );
    return () => attempts.slice(1).map((t, i) => t - attempts[i]!);
  }

  it('does not cut short the back-off from a server that refused (busy), however well it answers a probe', async () => {
    store.add(record());
    let probes = 0;
    const gaps = startFailing(
      async () => ({ status: 503, body: { error: 'database-busy', message: 'the database is locked' } }),
      async () => (probes += 1) > 0,
      100,
    );
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 10);
    expect(gaps()).toEqual([1_000, 2_000]);
    expect(probes).toBe(0);
    expect(statuses.at(-1)).toMatchObject({ unsent: 1, lastError: 'the database is locked', serverUnreachable: false });
  });

  it('waits as long as a busy server asks (Retry-After), up to the longest back-off', async () => {
    store.add(record());
    const busy = { error: 'database-busy', message: 'the database is locked' };
    let retryAfter = '5';
    const gaps = startFailing(
      async () => ({ status: 503, body: busy, retryAfter }),
      async () => true,
      100,
    );
    await vi.advanceTimersByTimeAsync(5_000 + 10);
    retryAfter = '3600';
    await vi.advanceTimersByTimeAsync(5_000 + 60_000 + 10);
    expect(gaps()).toEqual([5_000, 5_000, 60_000]);
  });

  it('keeps backing off while the probe fails or throws', async () => {
    store.add(record());
    let probes = 0;
    const probe = async () => {
      probes += 1;
      if (probes % 2) throw new Error('Failed to fetch');
      return false;
    };
    const gaps = startFailing(() => Promise.reject(new Error('Failed to fetch')), probe, 300);
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 10);
    expect(gaps()).toEqual([1_000, 2_000]);
    expect(probes).toBeGreaterThanOrEqual(8);
  });

  it('counts a new entry on screen at once when kicked while backing off', async () => {
    store.add(record());
    const box = start(async () => ({ status: 502, body: { error: 'server-unreachable', message: 'server unreachable' } }));
    await vi.advanceTimersByTimeAsync(10);
    expect(statuses.at(-1)).toMatchObject({ unsent: 1 });
    const published = statuses.length;
    store.add(record());
    box.kick();
    await vi.advanceTimersByTimeAsync(1);
    expect(statuses.length).toBe(published + 1);
    expect(statuses.at(-1)).toMatchObject({ unsent: 2, serverUnreachable: true });
  });

  it('syncs a new entry at once when kicked while idle', async () => {
    const sent: string[] = [];
    const box = start(async (batch) => {
      sent.push(...batch.entries.map((e) => (e as EntryRecord).id));
      return accept(batch);
    });
    await vi.advanceTimersByTimeAsync(10);
    const late = record();
    store.add(late);
    box.kick();
    await vi.advanceTimersByTimeAsync(10);
    expect(sent).toEqual([late.id]);
  });
});
