import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { EntryFilterQuery } from '../../protocol/review-queries.ts';
import type { Database } from '../db/schema.ts';
import { enrollDevice } from '../accounts/devices.ts';
import { ingestEntries } from '../gates/ingest.ts';
import type { Scope } from '../org/scope.ts';
import { openTestGate, type TestGate } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { filteredEntries, listEntryViews, toEntryView } from './entry-views.ts';

/*
 * A compound's log is read as one walk per gate, merged (entry-views.ts). Whatever the filters,
 * its page must be the page the plain filtered query gives: the same entries in the same order,
 * and nothing of a compound beside it.
 */
const START = Date.parse('2026-11-25T00:00:00.000Z');
let gate: TestGate;
let db: Kysely<Database>;
let scope: Scope;

beforeEach(async () => {
  gate = await openTestGate();
  db = gate.db;
  scope = { kind: 'compound', compoundId: gate.communityId };
  const at = new Date(START).toISOString();
  await db.insertInto('gates').values({ id: 'gate-south', community_id: gate.communityId, name: '南门', note: null }).execute();
  await enrollDevice(db, { deviceId: 'device-south', gateId: 'gate-south', now: at });
  await db.insertInto('communities').values({ id: 'compound-b', name: '乙小区', roster_version: 1, created_at: at }).execute();
  await db.insertInto('gates').values({ id: 'gate-b', community_id: 'compound-b', name: '乙门', note: null }).execute();
  await enrollDevice(db, { deviceId: 'device-b', gateId: 'gate-b', now: at });
  const devices = [
    { id: gate.deviceId, gateId: gate.gateId, communityId: gate.communityId },
    { id: 'device-south', gateId: 'gate-south', communityId: gate.communityId },
    { id: 'device-b', gateId: 'gate-b', communityId: 'compound-b' },
  ];
  for (const [d, device] of devices.entries()) {
    const records = Array.from({ length: 70 }, (_, i) => {
      // Interleaved in time across the gates, every 7 minutes at each, over two days.
      const ms = START + i * 41 * 60_000 + d * 97_000;
      return makeEntryRecord(
        { deviceId: device.id, gateId: device.gateId },
        {
          id: uuidv7({ msecs: ms }),
          occurredAt: new Date(ms).toISOString(),
          direction: i % 3 === 0 ? 'out' : 'in',
          subject: {
            category: i % 4 === 0 ? 'visitor' : 'resident',
            personId: null,
            name: `某${i}`,
            idHash: null,
            idMasked: null,
            scan: null,
          },
        },
      );
    });
    await ingestEntries(db, device, records, new Date(START + 3 * 86_400_000).toISOString());
  }
});
afterEach(async () => {
  await db.destroy();
});

describe('a compound’s entry log', () => {
  const queries: Partial<EntryFilterQuery>[] = [
    {},
    { limit: 7 },
    { from: '2026-11-25T10:00:00.000Z', to: '2026-11-26T02:00:00.000Z' },
    { direction: 'out' },
    { category: 'visitor', limit: 5 },
    { gateId: 'gate-south', limit: 9 },
  ];
  it.each(queries)('gives the plain filtered page for %o', async (filter) => {
    const query: EntryFilterQuery = { limit: 50, ...filter };
    const walked = await listEntryViews(db, query, scope);
    const plain = (await filteredEntries(db, query, scope).limit(query.limit).execute()).map(toEntryView);
    expect(walked.length).toBeGreaterThan(0);
    expect(walked).toEqual(plain);
    expect(walked.every((e) => e.gateId !== 'gate-b')).toBe(true);
  });

  it('pages on with before, through every entry of both gates once, newest first', async () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await listEntryViews(db, { limit: 25, ...(before ? { before } : {}) }, scope);
      if (page.length === 0) break;
      seen.push(...page.map((e) => e.id));
      before = page.at(-1)!.id;
    }
    expect(seen).toHaveLength(140);
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('answers nothing for a gate of a compound beside it', async () => {
    expect(await listEntryViews(db, { limit: 50, gateId: 'gate-b' }, scope)).toEqual([]);
  });
});
