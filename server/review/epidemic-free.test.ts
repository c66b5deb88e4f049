import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WatchKind } from '../../protocol/roster.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { createUser } from '../accounts/sessions.ts';
import { openTestGate, type TestGate } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { recordFollowUp, listFeverEvents } from './fever-events.ts';
import { checkCompounds, recordConfirmedCase } from './epidemic-free.ts';
import { DEFAULT_TOP_SCOPE } from '../org/scope.ts';

let gate: TestGate;
let userId: string;
/** 2026-11-25 in Beijing. */
const NOW = new Date('2026-11-25T04:00:00.000Z');

beforeEach(async () => {
  gate = await openTestGate();
  userId = await createUser(gate.db, {
    username: 'staff',
    password: 'pw-staff-secret',
    role: 'community',
    now: NOW.toISOString(),
  });
  await gate.db
    .insertInto('households')
    .values({ id: 'h1', community_id: gate.communityId, building: '3', unit: '2', room: '501' })
    .execute();
  await gate.db
    .insertInto('persons')
    .values({
      id: 'p1',
      community_id: gate.communityId,
      household_id: 'h1',
      name: '李娜',
      category: 'resident',
      phone: null,
      id_hash: null,
      id_masked: null,
    })
    .execute();
});
afterEach(async () => {
  await gate.db.destroy();
});

async function watch(
  id: string,
  kind: WatchKind,
  fields: { endDate?: string | null; releasedAt?: string | null; household?: boolean } = {},
) {
  await gate.db
    .insertInto('watch_entries')
    .values({
      id,
      community_id: gate.communityId,
      kind,
      person_id: fields.household ? null : 'p1',
      household_id: fields.household ? 'h1' : null,
      start_date: '2026-11-10',
      end_date: fields.endDate ?? null,
      origin: null,
      arrival_date: null,
      note: null,
      created_at: NOW.toISOString(),
      released_at: fields.releasedAt ?? null,
    })
    .execute();
}

async function check() {
  const [compound] = await checkCompounds(gate.db, NOW, DEFAULT_TOP_SCOPE);
  if (!compound) throw new Error('no compound');
  return compound;
}

describe('the epidemic-free compound check', () => {
  it('is clear with nothing on record', async () => {
    expect(await check()).toEqual({
      communityId: gate.communityId,
      communityName: '测试小区',
      today: '2026-11-25',
      epidemicFree: true,
      lastConfirmedOn: null,
      blockers: [],
    });
  });

  it('counts a confirmed case for 14 days, then clears', async () => {
    const confirm = (confirmedOn: string) =>
      recordConfirmedCase(gate.db, {
        case: { communityId: gate.communityId, personId: 'p1', householdId: null, confirmedOn, note: null },
        userId,
        at: NOW.toISOString(),
      });
    await confirm('2026-11-11');
    expect(await check()).toMatchObject({ epidemicFree: true, lastConfirmedOn: '2026-11-11' });
    await confirm('2026-11-12');
    expect(await check()).toMatchObject({
      epidemicFree: false,
      blockers: [{ kind: 'confirmed-case', subject: '李娜', confirmedOn: '2026-11-12', clearOn: '2026-11-26' }],
    });
  });

  it('is blocked by un-released suspected, fever and close-contact entries, not by released ones or other kinds', async () => {
    await watch('w1', 'suspected-case');
    await watch('w2', 'close-contact-household', { household: true, endDate: '2026-11-23' });
    await watch('w3', 'close-contact', { releasedAt: '2026-11-24T02:00:00.000Z' });
    await watch('w4', 'home-observation');
    await watch('w5', 'returnee');
    const compound = await check();
    expect(compound.epidemicFree).toBe(false);
    expect(compound.blockers).toEqual([
      {
        kind: 'watch',
        id: 'w1',
        watchKind: 'suspected-case',
        subject: '李娜',
        startDate: '2026-11-10',
        endDate: null,
        awaitingRelease: false,
      },
      {
        kind: 'watch',
        id: 'w2',
        watchKind: 'close-contact-household',
        subject: '3-2-501',
        startDate: '2026-11-10',
        endDate: '2026-11-23',
        awaitingRelease: true,
      },
    ]);
  });

  it('is blocked by a fever event until it is closed', async () => {
    const record = makeEntryRecord(gate, {
      flags: ['fever'],
      readings: [{ valueC: 38, source: 'infrared', at: '2026-11-25T08:30:00.000+08:00', ambientC: 3 }],
    });
    await ingestEntries(
      gate.db,
      { id: gate.deviceId, gateId: gate.gateId, communityId: gate.communityId },
      [record],
      NOW.toISOString(),
    );
    expect((await check()).blockers).toMatchObject([{ kind: 'fever-event', subject: '访客甲' }]);
    const [event] = await listFeverEvents(gate.db, { limit: 1 }, DEFAULT_TOP_SCOPE);
    await recordFollowUp(
      gate.db,
      { eventId: event!.id, userId, at: NOW.toISOString(), step: { kind: 'closed', note: null } },
      DEFAULT_TOP_SCOPE,
    );
    expect((await check()).epidemicFree).toBe(true);
  });
});
