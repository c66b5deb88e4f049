import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/schema.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { createUser } from '../accounts/sessions.ts';
import { recordFollowUp } from '../review/fever-events.ts';
import { DEFAULT_TOP_SCOPE, type Scope } from '../org/scope.ts';
import { openTestGate, type TestGate } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { addSecondStreet } from '../../test/support/second-street.ts';
import ExcelJS from 'exceljs';
import { DEFAULT_LEVEL_NAMES } from '../../protocol/org.ts';
import { rollupCsvRows } from './rollup-csv.ts';
import { rollupXlsx } from './rollup-xlsx.ts';
import { rollup } from './rollups.ts';

/*
 * Two streets under the district: the default street holds the test compound (北门), street B a
 * compound of its own. Passages, a fever with its outcome, home observation and a confirmed case
 * are counted per child and in total, on the compound's own calendar.
 */
const NOW = new Date('2026-11-25T06:00:00.000Z'); // 14:00 in Beijing, 2026-11-25
let gate: TestGate;
let db: Kysely<Database>;

async function placeStreetB(): Promise<{ device: { id: string; gateId: string; communityId: string } }> {
  await addSecondStreet(db, { compound: true, gate: true, at: NOW });
  return { device: { id: 'device-b', gateId: 'gate-b', communityId: 'compound-b' } };
}

beforeEach(async () => {
  gate = await openTestGate();
  db = gate.db;
});
afterEach(async () => {
  await db.destroy();
});

describe('roll-ups', () => {
  it('counts each child’s day and period: passages in and out, fevers and outcomes, home observation, epidemic-free', async () => {
    const { device: b } = await placeStreetB();
    const a = { id: gate.deviceId, gateId: gate.gateId, communityId: gate.communityId };
    const on = (day: string, time = '09:00') => `${day}T${time}:00.000+08:00`;
    const fever = makeEntryRecord(
      { deviceId: a.id, gateId: a.gateId },
      {
        // A kiosk mints the id with the passage: the id is its time.
        id: uuidv7({ msecs: Date.parse(on('2026-11-25')) }),
        occurredAt: on('2026-11-25'),
        flags: ['fever'],
        decision: 'referred',
        readings: [{ valueC: 38.2, source: 'infrared', at: on('2026-11-25'), ambientC: null }],
      },
    );
    await ingestEntries(
      db,
      a,
      [
        makeEntryRecord({ deviceId: a.id, gateId: a.gateId }, { occurredAt: on('2026-11-24'), direction: 'in' }),
        makeEntryRecord({ deviceId: a.id, gateId: a.gateId }, { occurredAt: on('2026-11-25'), direction: 'out' }),
        fever,
        // 23:30 UTC on the 24th is the 25th in Beijing.
        makeEntryRecord({ deviceId: a.id, gateId: a.gateId }, { occurredAt: '2026-11-24T23:30:00.000Z', direction: 'in' }),
      ],
      NOW.toISOString(),
    );
    await ingestEntries(
      db,
      b,
      [makeEntryRecord({ deviceId: b.id, gateId: b.gateId }, { occurredAt: on('2026-11-25'), direction: 'in' })],
      NOW.toISOString(),
    );
    const event = await db.selectFrom('fever_events').select('id').executeTakeFirstOrThrow();
    const userId = await createUser(db, {
      username: 'staff',
      password: 'pw-staff-secret',
      role: 'community',
      now: NOW.toISOString(),
    });
    await recordFollowUp(
      db,
      { eventId: event.id, userId, at: NOW.toISOString(), step: { kind: 'outcome', outcome: 'hospital', note: null } },
      DEFAULT_TOP_SCOPE,
    );
    await recordFollowUp(
      db,
      { eventId: event.id, userId, at: NOW.toISOString(), step: { kind: 'closed', note: null } },
      DEFAULT_TOP_SCOPE,
    );
    await db
      .insertInto('watch_entries')
      .values({
        id: 'w1',
        community_id: 'compound-b',
        kind: 'home-observation',
        person_id: null,
        household_id: null,
        start_date: '2026-11-20',
        end_date: '2026-11-26',
        origin: null,
        arrival_date: null,
        note: '乙某',
        created_at: NOW.toISOString(),
        released_at: null,
      })
      .execute();
    // A close contact whose period ends the day after tomorrow: B is blocked, but close to free.
    await db
      .insertInto('watch_entries')
      .values({
        id: 'w2',
        community_id: 'compound-b',
        kind: 'close-contact',
        person_id: null,
        household_id: null,
        start_date: '2026-11-13',
        end_date: '2026-11-26',
        origin: null,
        arrival_date: null,
        note: '乙某',
        created_at: NOW.toISOString(),
        released_at: null,
      })
      .execute();
    await db
      .insertInto('confirmed_cases')
      .values({
        id: 'c1',
        community_id: 'compound-b',
        person_id: null,
        household_id: null,
        confirmed_on: '2026-11-10',
        note: '乙某家',
        created_at: NOW.toISOString(),
        created_by: null,
      })
      .execute();

    const district = await rollup(db, DEFAULT_TOP_SCOPE, { from: '2026-11-24', to: '2026-11-25' }, NOW);
    expect(district.node).toEqual({ id: 'org-district', level: 'district', name: '默认区' });
    expect(district.children.map((c) => [c.name, c.level])).toEqual([
      ['乙街道', 'street'],
      ['默认街道', 'street'],
    ]);
    const [streetB, streetA] = district.children;
    expect(streetA!.day).toMatchObject({
      passages: 3,
      passagesIn: 2,
      passagesOut: 1,
      fevers: 1,
      feverOpen: 0,
      compounds: 1,
      epidemicFree: 1,
    });
    expect(streetA!.day.feverOutcomes.hospital).toBe(1);
    expect(streetA!.period).toMatchObject({ passages: 4, passagesIn: 3, passagesOut: 1 });
    // The case of 11-10 cleared 14 days on (11-24); only the close contact ending 11-26 blocks B.
    expect(streetB!.day).toMatchObject({
      passages: 1,
      passagesIn: 1,
      homeObservation: 1,
      compounds: 1,
      epidemicFree: 0,
      closeToFree: 1,
    });
    expect(district.total.period).toMatchObject({
      passages: 5,
      compounds: 2,
      epidemicFree: 1,
      closeToFree: 1,
      homeObservation: 1,
    });
    expect(district.compounds.find((c) => c.id === 'compound-b')).toMatchObject({
      childId: 'street-b',
      epidemicFree: false,
      closeToFree: true,
      lacks: [{ kind: 'watch', until: '2026-11-26' }],
    });

    const streetScope: Scope = { kind: 'node', nodeId: 'street-b', path: '/org-district/street-b/', top: false };
    const street = await rollup(db, streetScope, { from: '2026-11-25', to: '2026-11-25' }, NOW);
    expect(street.children.map((c) => c.name)).toEqual(['乙社区']);
    expect(street.compounds.map((c) => c.id)).toEqual(['compound-b']);

    const csv = rollupCsvRows(district, 'zh-CN');
    expect(csv.map((row) => [row[0], row[1], row[2], row[3]])).toEqual([
      ['乙街道', '街道', '2026-11-25', 1],
      ['默认街道', '街道', '2026-11-25', 3],
      ['默认区', '合计', '2026-11-25', 4],
      ['乙街道', '街道', '2026-11-24–2026-11-25', 1],
      ['默认街道', '街道', '2026-11-24–2026-11-25', 4],
      ['默认区', '合计', '2026-11-24–2026-11-25', 5],
    ]);

    // The workbook: the same rows with numbers as numbers, levels as this server names them, and the standing of each compound.
    const names = { ...DEFAULT_LEVEL_NAMES, street: { 'zh-CN': '镇', en: 'Town' } };
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await rollupXlsx(district, 'en', names)) as unknown as ArrayBuffer);
    const [figures, standing] = book.worksheets;
    const values = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(figures!, 1).slice(0, 6)).toEqual(['Unit', 'Level', 'Dates', 'Passages', 'In', 'Out']);
    expect(values(figures!, 2).slice(0, 6)).toEqual(['乙街道', 'Town', '2026-11-25', 1, 1, 0]);
    expect(values(figures!, 7).slice(0, 4)).toEqual(['默认区', 'Total', '2026-11-24–2026-11-25', 5]);
    expect(figures!.rowCount).toBe(7);
    expect(values(standing!, 1)).toEqual(['Compound', 'Under', 'Epidemic-free', 'Close to free', 'Lacks']);
    const rowsOf = (sheet: ExcelJS.Worksheet) => Array.from({ length: sheet.rowCount - 1 }, (_, i) => values(sheet, i + 2));
    expect(rowsOf(standing!)).toContainEqual(['乙小区', '乙街道', 'no', 'yes', 'person under watch (until 2026-11-26)']);
    // Names of people under watch stay in the community: the sheet says what, never who.
    expect(JSON.stringify(rowsOf(standing!))).not.toContain('乙某');
  });
});
