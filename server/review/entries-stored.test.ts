import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFeverEvents } from './fever-events.ts';
import { listFigures } from './figures.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { openTestGate, type TestGate } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { DEFAULT_TOP_SCOPE } from '../org/scope.ts';

let gate: TestGate;
beforeEach(async () => {
  gate = await openTestGate();
});
afterEach(async () => {
  await gate.db.destroy();
});

const device = () => ({ id: gate.deviceId, gateId: gate.gateId, communityId: gate.communityId });

function fever(at: string) {
  return makeEntryRecord(gate, {
    occurredAt: at,
    readings: [{ valueC: 38.1, source: 'infrared', at, ambientC: 5 }],
    decision: 'referred',
    flags: ['fever', 'risk-answer'],
  });
}

describe('what ingest keeps beside stored entries', () => {
  it('counts figures per gate, local day and hour, and a retried batch adds nothing', async () => {
    const passage = uuidv7();
    const batch = [
      makeEntryRecord(gate, { occurredAt: '2026-11-25T08:05:00.000+08:00' }),
      makeEntryRecord(gate, { occurredAt: '2026-11-25T08:55:00.000+08:00', decision: 'denied' }),
      makeEntryRecord(gate, {
        occurredAt: '2026-11-25T08:40:00.000+08:00',
        subject: { category: 'resident', personId: null, name: '司机', idHash: null, idMasked: null, scan: null },
        vehicle: { passageId: passage, plate: '京A12345', role: 'driver' },
      }),
      makeEntryRecord(gate, {
        occurredAt: '2026-11-25T08:40:00.000+08:00',
        subject: { category: 'resident', personId: null, name: '乘客', idHash: null, idMasked: null, scan: null },
        vehicle: { passageId: passage, plate: '京A12345', role: 'passenger' },
      }),
      fever('2026-11-25T23:59:00.000+08:00'),
    ];
    await ingestEntries(gate.db, device(), batch, new Date().toISOString());
    await ingestEntries(gate.db, device(), batch, new Date().toISOString());
    const rows = await listFigures(gate.db, { from: '2026-11-25', to: '2026-11-25' }, DEFAULT_TOP_SCOPE);
    expect(rows).toEqual([
      {
        gateId: gate.gateId,
        gateName: '北门',
        day: '2026-11-25',
        hour: 8,
        entries: 4,
        visitors: 2,
        vehicles: 1,
        fevers: 0,
        denied: 1,
      },
      {
        gateId: gate.gateId,
        gateName: '北门',
        day: '2026-11-25',
        hour: 23,
        entries: 1,
        visitors: 1,
        vehicles: 0,
        fevers: 1,
        denied: 0,
      },
    ]);
    const later = [makeEntryRecord(gate, { occurredAt: '2026-11-25T08:30:00.000+08:00' })];
    await ingestEntries(gate.db, device(), later, new Date().toISOString());
    expect((await listFigures(gate.db, { from: '2026-11-25', to: '2026-11-25' }, DEFAULT_TOP_SCOPE))[0]?.entries).toBe(5);
    expect(await listFigures(gate.db, { from: '2026-11-26', to: '2026-11-30' }, DEFAULT_TOP_SCOPE)).toEqual([]);
  });

  it('counts no abandoned screening as a passage, and one that read high as a fever', async () => {
    const at = '2026-11-25T10:15:00.000+08:00';
    const stopped = (overrides: Parameters<typeof makeEntryRecord>[1]) =>
      makeEntryRecord(gate, { occurredAt: at, decision: 'abandoned', reason: 'page-closed', ...overrides });
    const passage = uuidv7();
    await ingestEntries(
      gate.db,
      device(),
      [
        makeEntryRecord(gate, { occurredAt: at }),
        stopped({ readings: [{ valueC: 37.8, source: 'infrared', at, ambientC: 20 }], flags: ['fever'] }),
        stopped({ readings: [], reason: 'cancelled' }),
        stopped({ vehicle: { passageId: passage, plate: '京A12345', role: 'driver' }, reason: 'shift-ended' }),
      ],
      new Date().toISOString(),
    );
    expect(await listFigures(gate.db, { from: '2026-11-25', to: '2026-11-25' }, DEFAULT_TOP_SCOPE)).toEqual([
      {
        gateId: gate.gateId,
        gateName: '北门',
        day: '2026-11-25',
        hour: 10,
        entries: 1,
        visitors: 1,
        vehicles: 0,
        fevers: 1,
        denied: 0,
      },
    ]);
    const inbound = await gate.db.selectFrom('daily_figures').select('entries_in').execute();
    expect(inbound).toEqual([{ entries_in: 1 }]);
  });

  it('opens one fever event per fever entry, once, and writes flag rows', async () => {
    const hot = fever('2026-11-25T09:00:00.000+08:00');
    const cool = makeEntryRecord(gate, { flags: ['unknown-person'] });
    await ingestEntries(gate.db, device(), [hot, cool], new Date().toISOString());
    await ingestEntries(gate.db, device(), [hot], new Date().toISOString());
    const events = await listFeverEvents(gate.db, { limit: 50 }, DEFAULT_TOP_SCOPE);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entryId: hot.id,
      status: 'open',
      reading: { valueC: 38.1, source: 'infrared' },
      personName: '访客甲',
      gateName: '北门',
      followUps: [],
    });
    const flags = await gate.db.selectFrom('entry_flags').select(['flag', 'entry_id']).orderBy('flag').execute();
    expect(flags).toEqual([
      { flag: 'fever', entry_id: hot.id },
      { flag: 'risk-answer', entry_id: hot.id },
      { flag: 'unknown-person', entry_id: cool.id },
    ]);
  });

  it('drops the flag rows with their entry when the entry is purged, and keeps the figures', async () => {
    const hot = fever('2026-11-25T09:00:00.000+08:00');
    await ingestEntries(gate.db, device(), [hot], new Date().toISOString());
    await gate.db.deleteFrom('entries').where('id', '=', hot.id).execute();
    expect(await gate.db.selectFrom('entry_flags').selectAll().execute()).toEqual([]);
    expect((await listFigures(gate.db, { from: '2026-11-25', to: '2026-11-25' }, DEFAULT_TOP_SCOPE))[0]?.fevers).toBe(1);
    expect(await listFeverEvents(gate.db, { limit: 50 }, DEFAULT_TOP_SCOPE)).toHaveLength(1);
  });
});
