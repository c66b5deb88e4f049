import { describe, expect, it } from 'vitest';
import { EntryRecord } from '../protocol/entry.ts';
import { COMMUNITY_SHAPE, generateCommunity, generateEntries, shanghaiInstant, uuidv7At } from './review-data.ts';
import { seededRandom } from './screening/seeded-random.ts';

const END = Date.parse('2026-11-25T16:00:00.000Z');

describe('generateCommunity', () => {
  const community = generateCommunity(1);

  it('has the compound the issue describes, with addresses and plates the roster accepts', () => {
    expect(community.households).toHaveLength(COMMUNITY_SHAPE.households);
    expect(community.gates).toHaveLength(COMMUNITY_SHAPE.gates);
    const addresses = new Set(community.households.map((h) => `${h.building}|${h.unit}|${h.room}`));
    expect(addresses.size).toBe(community.households.length);
    const plates = community.households.flatMap((h) => (h.plate ? [h.plate] : []));
    expect(new Set(plates).size).toBe(plates.length);
    expect(community.persons.length).toBeGreaterThan(community.households.length);
  });

  it('replays the same community from the same seed', () => {
    expect(generateCommunity(1)).toEqual(community);
  });
});

describe('generateEntries', () => {
  const community = generateCommunity(1);
  const entries = [...generateEntries(community, 20_000, END, 1)];

  it('writes records the server accepts', () => {
    for (const entry of entries.slice(0, 2_000)) expect(EntryRecord.safeParse(entry).success).toBe(true);
  });

  it('spreads them oldest first over the 28 days, each id carrying its passage time', () => {
    const times = entries.map((e) => Date.parse(e.occurredAt));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(END - COMMUNITY_SHAPE.days * 86_400_000);
    expect(Math.max(...times)).toBeLessThan(END);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    for (const entry of entries.slice(0, 500))
      expect(parseInt(entry.id.replaceAll('-', '').slice(0, 12), 16)).toBe(Date.parse(entry.occurredAt));
  });

  it('mixes residents, visitors, couriers, cars and the odd fever', () => {
    const share = (test: (e: EntryRecord) => boolean) => entries.filter(test).length / entries.length;
    expect(share((e) => e.subject.personId !== null)).toBeGreaterThan(0.8);
    expect(share((e) => e.subject.category === 'visitor')).toBeGreaterThan(0.07);
    expect(share((e) => e.decision === 'drop-off')).toBeGreaterThan(0.02);
    expect(share((e) => e.vehicle?.role === 'driver')).toBeGreaterThan(0.03);
    const fevers = entries.filter((e) => e.flags.includes('fever'));
    expect(fevers.length).toBeGreaterThan(0);
    for (const fever of fevers) expect(fever.decision).toBe('referred');
  });

  it('is busier at the morning peak than at night', () => {
    const hour = (e: EntryRecord) => Number(e.occurredAt.slice(11, 13));
    expect(entries.filter((e) => hour(e) === 8).length).toBeGreaterThan(5 * entries.filter((e) => hour(e) === 3).length);
  });
});

describe('uuidv7At and shanghaiInstant', () => {
  it('makes a version-7 UUID for the instant and writes it as the gate clock does', () => {
    expect(uuidv7At(Date.parse('2026-11-25T00:30:00.000Z'), seededRandom(3))).toMatch(
      /^01a2101b-ff40-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(shanghaiInstant(Date.parse('2026-11-25T00:30:00.000Z'))).toBe('2026-11-25T08:30:00.000+08:00');
  });
});
