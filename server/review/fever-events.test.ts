import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFeverEvents, recordFollowUp } from './fever-events.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { createUser } from '../accounts/sessions.ts';
import { openTestGate, type TestGate } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { DEFAULT_TOP_SCOPE } from '../org/scope.ts';

let gate: TestGate;
let userId: string;
beforeEach(async () => {
  gate = await openTestGate();
  userId = await createUser(gate.db, {
    username: 'staff',
    password: 'pw-staff-secret',
    role: 'community',
    now: new Date().toISOString(),
  });
});
afterEach(async () => {
  await gate.db.destroy();
});

async function storeFevers(count: number) {
  const records = Array.from({ length: count }, () =>
    makeEntryRecord(gate, {
      readings: [{ valueC: 37.9, source: 'infrared', at: '2026-11-25T08:30:00.000+08:00', ambientC: 2 }],
      decision: 'referred',
      flags: ['fever'],
    }),
  );
  await ingestEntries(
    gate.db,
    { id: gate.deviceId, gateId: gate.gateId, communityId: gate.communityId },
    records,
    new Date().toISOString(),
  );
  return listFeverEvents(gate.db, { limit: 50 }, DEFAULT_TOP_SCOPE);
}

describe('fever follow-up', () => {
  it('records the steps in order with who did them, and a close ends the follow-up', async () => {
    const [event] = await storeFevers(1);
    const id = event!.id;
    const steps = [
      { kind: 'recheck', valueC: 37.6, source: 'infrared' },
      { kind: 'axillary', valueC: 37.8 },
      { kind: 'referred', clinic: '社区医院发热门诊' },
      { kind: 'escorted', by: '网格员 刘' },
      { kind: 'outcome', outcome: 'hospital', note: null },
      { kind: 'closed', note: '已交接' },
    ] as const;
    for (const [i, step] of steps.entries()) {
      const result = await recordFollowUp(
        gate.db,
        { eventId: id, userId, at: `2026-11-25T01:0${i}:00.000Z`, step },
        DEFAULT_TOP_SCOPE,
      );
      expect(result.ok).toBe(true);
    }
    const [closed] = await listFeverEvents(gate.db, { limit: 50, status: 'closed' }, DEFAULT_TOP_SCOPE);
    expect(closed?.status).toBe('closed');
    expect(closed?.followUps.map((f) => [f.step.kind, f.by])).toEqual(steps.map((s) => [s.kind, 'staff']));
    expect(closed?.followUps[1]?.step).toEqual({ kind: 'axillary', valueC: 37.8 });
    expect(await listFeverEvents(gate.db, { limit: 50, status: 'open' }, DEFAULT_TOP_SCOPE)).toEqual([]);
    expect(
      await recordFollowUp(
        gate.db,
        {
          eventId: id,
          userId,
          at: '2026-11-25T02:00:00.000Z',
          step: { kind: 'axillary', valueC: 36.5 },
        },
        DEFAULT_TOP_SCOPE,
      ),
    ).toEqual({ ok: false, reason: 'closed' });
    expect(
      await recordFollowUp(
        gate.db,
        {
          eventId: 'nope',
          userId,
          at: '2026-11-25T02:00:00.000Z',
          step: { kind: 'axillary', valueC: 36.5 },
        },
        DEFAULT_TOP_SCOPE,
      ),
    ).toEqual({ ok: false, reason: 'not-found' });
  });

  it('lists newest first and pages back by event id', async () => {
    const events = await storeFevers(3);
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort().reverse());
    const older = await listFeverEvents(gate.db, { limit: 2, before: events[0]!.id }, DEFAULT_TOP_SCOPE);
    expect(older.map((e) => e.id)).toEqual([events[1]!.id, events[2]!.id]);
  });
});
