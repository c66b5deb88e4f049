import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatabaseIdentity } from '../../protocol/server-identity.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { Spool } from '../spool/spool.ts';
import { DatabaseWatch, REOFFER_MARGIN_MS } from './database-watch.ts';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const identity = (id: string, restoredFrom: DatabaseIdentity['restoredFrom'] = null): DatabaseIdentity => ({
  id,
  createdAt: '2026-12-01T00:00:00.000Z',
  restoredFrom,
});
const FIRST = '0190a000-0000-7000-8000-000000000001';
const RESTORED = '0190a000-0000-7000-8000-000000000002';
const FRESH = '0190a000-0000-7000-8000-000000000003';

describe('the database watch', () => {
  it('offers again what the server answered since the backup it was restored from, and remembers across restarts', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cp-dbwatch-'));
    const spool = new Spool(dataDir);
    const device = { deviceId: 'gate-1', gateId: '0190a000-0000-7000-8000-0000000000aa' };
    const early = makeEntryRecord(device);
    const late = makeEntryRecord(device);
    const rejected = makeEntryRecord(device);
    spool.keep([early, late, rejected], new Date());
    const backupAt = new Date('2026-12-05T03:00:00.000Z');
    spool.answered([{ index: 0, id: early.id, status: 'stored' }], new Date(backupAt.getTime() - REOFFER_MARGIN_MS - 60_000));
    spool.answered([{ index: 0, id: late.id, status: 'stored' }], new Date(backupAt.getTime() + 60_000));
    spool.answered([{ index: 0, id: rejected.id, status: 'rejected', reason: 'bad' }], new Date(backupAt.getTime() + 60_000));
    expect(spool.counts().unsent).toBe(0);

    const kicks: number[] = [];
    let watch = new DatabaseWatch({ dataDir, spool, logger: quiet, onReoffer: (n) => kicks.push(n) });
    watch.seen(identity(FIRST));
    watch.seen(identity(FIRST));
    expect(kicks).toEqual([]);
    // The gate restarts: it still knows the first database.
    watch = new DatabaseWatch({ dataDir, spool, logger: quiet, onReoffer: (n) => kicks.push(n) });
    expect(watch.known?.id).toBe(FIRST);
    watch.seen(identity(RESTORED, { id: FIRST, backupTakenAt: backupAt.toISOString() }));
    expect(kicks).toEqual([1]);
    expect(spool.unsent(10).map((e) => e.id)).toEqual([late.id]);
    expect(spool.counts()).toEqual({ unsent: 1, rejected: 1 });

    // A database started over (not a restore): everything the gate still holds that was stored.
    spool.answered([{ index: 0, id: late.id, status: 'duplicate' }], new Date());
    watch.seen(identity(FRESH));
    expect(kicks).toEqual([1, 2]);
    expect(
      spool
        .unsent(10)
        .map((e) => e.id)
        .sort(),
    ).toEqual([early.id, late.id].sort());
    spool.close();
  });
});
