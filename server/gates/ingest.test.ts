import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthenticatedDevice } from './ingest.ts';
import { ingestEntries } from './ingest.ts';
import { openTestGate, type TestGate } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';

let gate: TestGate;
let device: AuthenticatedDevice;
const receivedAt = '2026-11-25T00:31:05.000Z';

beforeEach(async () => {
  gate = await openTestGate();
  device = { id: gate.deviceId, gateId: gate.gateId, communityId: gate.communityId };
});
afterEach(async () => {
  await gate.db.destroy();
});

async function storedIds(): Promise<string[]> {
  const rows = await gate.db.selectFrom('entries').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

describe('ingestEntries', () => {
  it('stores a batch once: the same batch sent again is all duplicate', async () => {
    const batch = [makeEntryRecord(gate), makeEntryRecord(gate), makeEntryRecord(gate)];
    const first = await ingestEntries(gate.db, device, batch, receivedAt);
    expect(first.map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);
    const second = await ingestEntries(gate.db, device, batch, receivedAt);
    expect(second).toEqual(batch.map((r, index) => ({ index, id: r.id, status: 'duplicate' })));
    expect(await storedIds()).toEqual(batch.map((r) => r.id).sort());
  });

  it('calls a repeat inside the same batch a duplicate', async () => {
    const record = makeEntryRecord(gate);
    const results = await ingestEntries(gate.db, device, [record, record], receivedAt);
    expect(results.map((r) => r.status)).toEqual(['stored', 'duplicate']);
    expect(await storedIds()).toEqual([record.id]);
  });

  it('rejects a malformed record with its reason and stores the others', async () => {
    const good1 = makeEntryRecord(gate);
    const good2 = makeEntryRecord(gate);
    const bad = {
      ...makeEntryRecord(gate),
      direction: 'sideways',
      readings: [{ valueC: 36.5, source: 'infrared', at: 'yesterday', ambientC: null }],
    };
    const results = await ingestEntries(gate.db, device, [good1, bad, 'not a record', good2], receivedAt);
    expect(results[0]).toEqual({ index: 0, id: good1.id, status: 'stored' });
    expect(results[1]).toMatchObject({ index: 1, id: bad.id, status: 'rejected' });
    const reason = results[1]?.status === 'rejected' ? results[1].reason : '';
    expect(reason).toContain('→ at direction');
    expect(reason).toContain('→ at readings[0].at');
    expect(results[2]).toMatchObject({
      index: 2,
      id: null,
      status: 'rejected',
      reason: expect.stringContaining('expected object'),
    });
    expect(results[3]).toEqual({ index: 3, id: good2.id, status: 'stored' });
    expect(await storedIds()).toEqual([good1.id, good2.id].sort());
  });

  it('rejects a record with a NUL in its text, naming the field, and stores one that only spells \\u0000 out', async () => {
    const withNul = makeEntryRecord(gate);
    withNul.subject.name = '访客\u0000';
    const spelled = makeEntryRecord(gate);
    spelled.subject.name = 'C:\\u0000';
    const results = await ingestEntries(gate.db, device, [withNul, spelled], receivedAt);
    expect(results).toEqual([
      { index: 0, id: withNul.id, status: 'rejected', reason: 'subject.name: the NUL character (U+0000) is not allowed in text' },
      { index: 1, id: spelled.id, status: 'stored' },
    ]);
    expect(await storedIds()).toEqual([spelled.id]);
  });

  it('rejects a record claiming another device or gate', async () => {
    const foreignDevice = makeEntryRecord({ deviceId: 'gate-west-9', gateId: gate.gateId });
    const foreignGate = makeEntryRecord({ deviceId: gate.deviceId, gateId: 'some-other-gate' });
    const own = makeEntryRecord(gate);
    const results = await ingestEntries(gate.db, device, [foreignDevice, foreignGate, own], receivedAt);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'stored']);
    for (const result of results.slice(0, 2)) {
      expect(result.status === 'rejected' && result.reason).toMatch(/^recorded by another device/);
    }
    expect(await storedIds()).toEqual([own.id]);
  });

  it('keeps the device time and adds the server receive time and the highest reading', async () => {
    const record = makeEntryRecord(gate, { flags: ['fever'] });
    await ingestEntries(gate.db, device, [record], receivedAt);
    const row = await gate.db.selectFrom('entries').selectAll().where('id', '=', record.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      occurred_at: record.occurredAt,
      received_at: receivedAt,
      highest_temp_c: 36.6,
      highest_temp_source: 'axillary',
      flags: '["fever"]',
    });
    expect(JSON.parse(row.record)).toEqual(record);
  });
});
