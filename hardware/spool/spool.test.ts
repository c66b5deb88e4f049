import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { Spool } from './spool.ts';

const device = { deviceId: 'gate-1-kiosk', gateId: 'gate-1' };
const at = new Date('2026-11-25T08:00:00.000Z');
const open: Spool[] = [];
afterEach(() => open.splice(0).forEach((spool) => spool.close()));

function spoolIn(dir = mkdtempSync(join(tmpdir(), 'checkpoint-spool-')), retentionDays?: number): Spool {
  const spool = new Spool(dir, { retentionDays });
  open.push(spool);
  return spool;
}

describe('Spool', () => {
  it('keeps each entry once, says which it had already, and refuses what is not an entry with the reason', () => {
    const spool = spoolIn();
    const [a, b] = [makeEntryRecord(device), makeEntryRecord(device)];
    expect(spool.keep([a, b], at)).toEqual([
      { index: 0, id: a.id, status: 'kept' },
      { index: 1, id: b.id, status: 'kept' },
    ]);
    const results = spool.keep([b, { ...a, id: 'not-a-uuid' }, 'junk'], at);
    expect(results[0]).toEqual({ index: 0, id: b.id, status: 'already' });
    expect(results[1]).toMatchObject({ index: 1, id: 'not-a-uuid', status: 'refused', reason: expect.stringMatching(/^id: /) });
    expect(results[2]).toMatchObject({ index: 2, id: null, status: 'refused' });
    expect(spool.counts()).toEqual({ unsent: 2, rejected: 0 });
  });

  it('gives fevers first, then the oldest, as the JSON it was handed', () => {
    const spool = spoolIn();
    const [first, second] = [makeEntryRecord(device), makeEntryRecord(device)];
    const fever = makeEntryRecord(device, { flags: ['fever'] });
    spool.keep([first, second, fever], at);
    const unsent = spool.unsent(10);
    expect(unsent.map((entry) => entry.id)).toEqual([fever.id, first.id, second.id]);
    expect(JSON.parse(unsent[1]!.json)).toEqual(first);
    expect(spool.unsent(2)).toHaveLength(2);
  });

  it('notes the first answer for each entry, and counts rejected ones', () => {
    const spool = spoolIn();
    const [stored, duplicate, rejected] = [makeEntryRecord(device), makeEntryRecord(device), makeEntryRecord(device)];
    spool.keep([stored, duplicate, rejected], at);
    spool.answered(
      [
        { index: 0, id: stored.id, status: 'stored' },
        { index: 1, id: duplicate.id, status: 'duplicate' },
        { index: 2, id: rejected.id, status: 'rejected', reason: 'device: not this gate' },
        { index: 3, id: null, status: 'rejected', reason: 'no id' },
      ],
      at,
    );
    // A later answer changes nothing: the entry is sent.
    spool.answered([{ index: 0, id: stored.id, status: 'rejected', reason: 'late' }], new Date(at.getTime() + 1000));
    expect(spool.unsent(10)).toEqual([]);
    expect(spool.counts()).toEqual({ unsent: 0, rejected: 1 });
    expect(
      spool.since(new Date(0)).map(({ record, state, reason, answeredAt }) => [record.id, state, reason, answeredAt]),
    ).toEqual([
      [stored.id, 'sent', null, at.toISOString()],
      [duplicate.id, 'sent', null, at.toISOString()],
      [rejected.id, 'rejected', 'device: not this gate', at.toISOString()],
    ]);
  });

  it('reads back the entries since an instant, whatever offset their times were written with', () => {
    const spool = spoolIn();
    const early = makeEntryRecord(device, { occurredAt: '2026-11-25T07:59:00.000+08:00' });
    const late = makeEntryRecord(device, { occurredAt: '2026-11-25T00:01:00.000Z' });
    spool.keep([late, early], at);
    expect(spool.since(new Date('2026-11-25T00:00:00.000Z')).map((entry) => entry.record.id)).toEqual([late.id]);
    expect(spool.since(new Date('2026-11-24T23:00:00.000Z')).map((entry) => entry.record.id)).toEqual([early.id, late.id]);
    expect(spool.since(new Date(0))[0]).toEqual({ record: early, state: 'unsent', reason: null, answeredAt: null });
  });

  it('deletes answered entries after the retention period, never unsent ones', () => {
    const spool = spoolIn(undefined, 3);
    const [answered, unsent] = [makeEntryRecord(device), makeEntryRecord(device)];
    spool.keep([answered, unsent], at);
    spool.answered([{ index: 0, id: answered.id, status: 'stored' }], at);
    expect(spool.prune(new Date(at.getTime() + 2 * 86_400_000))).toBe(0);
    expect(spool.prune(new Date(at.getTime() + 3 * 86_400_000 + 1))).toBe(1);
    expect(spool.prune(new Date(at.getTime() + 400 * 86_400_000))).toBe(0);
    expect(spool.unsent(10).map((entry) => entry.id)).toEqual([unsent.id]);
  });

  it('is readable by the gate user only, its WAL too, and keeps what it held across a reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-spool-'));
    const spool = spoolIn(dir);
    const record = makeEntryRecord(device);
    spool.keep([record], at);
    for (const file of ['spool.sqlite', 'spool.sqlite-wal']) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    spool.close();
    open.splice(open.indexOf(spool), 1);
    expect(
      spoolIn(dir)
        .unsent(10)
        .map((entry) => entry.id),
    ).toEqual([record.id]);
  });

  it("takes in an earlier gate's journal copy once, with its answers, and removes it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-spool-'));
    const legacy = new Database(join(dir, 'journal-copy.sqlite'));
    legacy.exec(`CREATE TABLE entries (id TEXT PRIMARY KEY, record TEXT NOT NULL, occurred_at TEXT NOT NULL, kept_at TEXT NOT NULL,
      outcome TEXT, reason TEXT, answered_at TEXT) WITHOUT ROWID`);
    const [stored, rejected, unanswered] = [makeEntryRecord(device), makeEntryRecord(device), makeEntryRecord(device)];
    const insert = legacy.prepare('INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)');
    insert.run(stored.id, JSON.stringify(stored), stored.occurredAt, at.toISOString(), 'stored', null, at.toISOString());
    insert.run(rejected.id, JSON.stringify(rejected), rejected.occurredAt, at.toISOString(), 'rejected', 'no', at.toISOString());
    insert.run(unanswered.id, JSON.stringify(unanswered), unanswered.occurredAt, at.toISOString(), null, null, null);
    legacy.close();
    const spool = spoolIn(dir);
    expect(existsSync(join(dir, 'journal-copy.sqlite'))).toBe(false);
    expect(spool.unsent(10).map((entry) => entry.id)).toEqual([unanswered.id]);
    expect(spool.counts()).toEqual({ unsent: 1, rejected: 1 });
    expect(spool.since(new Date(0)).find((entry) => entry.record.id === rejected.id)).toMatchObject({
      state: 'rejected',
      reason: 'no',
    });
  });
});
