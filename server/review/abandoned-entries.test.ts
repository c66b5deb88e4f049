import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../protocol/entry.ts';
import { feverEventAbandoned } from '../db/migrations/0066-fever-event-abandoned.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { DEFAULT_TOP_SCOPE } from '../org/scope.ts';
import { listEntryViews } from './entry-views.ts';
import { entryCsvRows } from './exports-entries.ts';
import { listFeverEvents } from './fever-events.ts';
import { openTestGate, type TestGate } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';

let gate: TestGate;
beforeEach(async () => {
  gate = await openTestGate();
});
afterEach(async () => {
  await gate.db.destroy();
});

const at = '2026-11-25T08:30:00.000+08:00';

/** A screening the page closed on after a first reading of 37.8 °C: a fever case never decided. */
function closedOnHigh(): EntryRecord {
  return makeEntryRecord(gate, {
    readings: [{ valueC: 37.8, source: 'infrared', at, ambientC: 21 }],
    decision: 'abandoned',
    reason: 'page-closed',
    flags: ['fever'],
  });
}

async function ingest(records: EntryRecord[]): Promise<void> {
  await ingestEntries(gate.db, { id: gate.deviceId, gateId: gate.gateId, communityId: gate.communityId }, records, at);
}

async function csv(language: 'zh-CN' | 'en'): Promise<(readonly unknown[])[]> {
  const rows: (readonly unknown[])[] = [];
  for await (const row of entryCsvRows(gate.db, {}, language, DEFAULT_TOP_SCOPE)) rows.push(row);
  return rows;
}

describe('an abandoned screening on the console', () => {
  it('says why it was not finished in the entry log, the fever list and the CSV, with what was measured', async () => {
    const hot = closedOnHigh();
    const stopped = makeEntryRecord(gate, { readings: [], decision: 'abandoned', reason: 'cancelled' });
    const decided = makeEntryRecord(gate, { decision: 'denied', reason: null });
    await ingest([hot, stopped, decided]);

    const views = new Map((await listEntryViews(gate.db, { limit: 50 }, DEFAULT_TOP_SCOPE)).map((v) => [v.id, v]));
    expect(views.get(hot.id)).toMatchObject({
      decision: 'abandoned',
      abandonReason: 'page-closed',
      reading: { valueC: 37.8, source: 'infrared' },
      flags: ['fever'],
    });
    expect(views.get(stopped.id)).toMatchObject({ decision: 'abandoned', abandonReason: 'cancelled', reading: null });
    expect(views.get(decided.id)).toMatchObject({ decision: 'denied', abandonReason: null });

    const events = await listFeverEvents(gate.db, { limit: 50 }, DEFAULT_TOP_SCOPE);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entryId: hot.id, abandonReason: 'page-closed', reading: { valueC: 37.8 } });

    const decisionOf = (rows: (readonly unknown[])[], id: string) => rows.find((row) => row[0] === id)?.[10];
    const zh = await csv('zh-CN');
    expect(decisionOf(zh, hot.id)).toBe('未完成筛查（页面关闭）');
    expect(decisionOf(zh, stopped.id)).toBe('未完成筛查（值班员中止）');
    expect(decisionOf(zh, decided.id)).toBe('拒绝通行');
    const en = await csv('en');
    expect(decisionOf(en, hot.id)).toBe('Screening not finished (the page closed)');
    expect(decisionOf(en, decided.id)).toBe('Denied');
  });

  it('0066 copies the reason onto fever events stored before it, from the entries still kept', async () => {
    const hot = closedOnHigh();
    const referred = makeEntryRecord(gate, {
      readings: [{ valueC: 38.4, source: 'infrared', at, ambientC: 21 }],
      decision: 'referred',
      flags: ['fever'],
    });
    await ingest([hot, referred]);
    // As a database upgraded from before 0066 stands: the events, without the column.
    await gate.db.schema.alterTable('fever_events').dropColumn('abandon_reason').execute();
    await feverEventAbandoned.up(gate.db);
    const reasons = await gate.db.selectFrom('fever_events').select(['entry_id', 'abandon_reason']).execute();
    expect(new Map(reasons.map((r) => [r.entry_id, r.abandon_reason]))).toEqual(
      new Map([
        [hot.id, 'page-closed'],
        [referred.id, null],
      ]),
    );
  });
});
