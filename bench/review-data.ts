import type { EntryFlag, EntryRecord, SubjectCategory } from '../protocol/entry.ts';
import { seededRandom, type Random } from './screening/seeded-random.ts';

/** Bump when the generated rows change: cached databases are keyed by it. */
export const GENERATOR_VERSION = 1;

export const COMMUNITY_SHAPE = { households: 5_000, gates: 20, days: 28 } as const;

/** How big a generated compound is; the district bench makes 200 small ones. */
export interface CommunityShape {
  households: number;
  gates: number;
  days: number;
}

export interface GeneratedGate {
  id: string;
  name: string;
  deviceId: string;
}

export interface GeneratedPerson {
  id: string;
  householdId: string;
  name: string;
  category: Extract<SubjectCategory, 'resident' | 'tenant'>;
  phone: string;
}

export interface GeneratedHousehold {
  id: string;
  building: string;
  unit: string;
  room: string;
  floor: number;
  plate: string | null;
}

export interface GeneratedCommunity {
  gates: GeneratedGate[];
  households: GeneratedHousehold[];
  persons: GeneratedPerson[];
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
];
const PLATE_LETTERS = 'ABCDEFGHJK';

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random.next() * items.length)]!;
}

/**
 * A UUIDv7 for an instant: 48-bit milliseconds, version 7, variant 10, the rest from the seeded
 * stream. The entry log selects time ranges by id, so the id must carry the passage time.
 */
export function uuidv7At(ms: number, random: Random): string {
  const hex = ms.toString(16).padStart(12, '0');
  // Four 32-bit draws are 32 random hex digits; the version and variant take their places.
  const r = [0, 1, 2, 3]
    .map(() =>
      Math.floor(random.next() * 0x1_0000_0000)
        .toString(16)
        .padStart(8, '0'),
    )
    .join('');
  const variant = (8 + (parseInt(r[3]!, 16) & 3)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${r.slice(0, 3)}-${variant}${r.slice(4, 7)}-${r.slice(8, 20)}`;
}

/** The gate's wall clock: Asia/Shanghai, written with its offset as a kiosk writes it. */
export function shanghaiInstant(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
}

/** 5,000 households in 50 buildings, 1–4 people each, a third with a car; 20 gates (by default). */
export function generateCommunity(
  seed: number,
  shape: CommunityShape = COMMUNITY_SHAPE,
  devicePrefix = 'gate-bench',
): GeneratedCommunity {
  const random = seededRandom(seed).fork(1);
  const gates = Array.from({ length: shape.gates }, (_, g) => ({
    id: uuidv7At(1_700_000_000_000 + g, random),
    name: g === 0 ? '东门（主门）' : `${g + 1}号门`,
    deviceId: `${devicePrefix}-${g + 1}`,
  }));
  const households: GeneratedHousehold[] = [];
  const persons: GeneratedPerson[] = [];
  for (let h = 0; h < shape.households; h++) {
    const floor = 1 + (Math.floor(h / 4) % 25);
    const household: GeneratedHousehold = {
      id: uuidv7At(1_700_000_100_000 + h, random),
      building: `${1 + Math.floor(h / 100)}号楼`,
      unit: `${1 + (Math.floor(h / 50) % 2)}单元`,
      room: `${floor}${String(1 + (h % 4)).padStart(2, '0')}`,
      floor,
      plate: random.next() < 0.33 ? `苏E${PLATE_LETTERS[h % PLATE_LETTERS.length]}${String(h).padStart(5, '0')}` : null,
    };
    households.push(household);
    const size = 1 + Math.floor(random.next() * 4);
    const category = random.next() < 0.8 ? 'resident' : 'tenant';
    const surname = pick(random, SURNAMES);
    for (let p = 0; p < size; p++) {
      persons.push({
        id: uuidv7At(1_700_000_200_000 + persons.length, random),
        householdId: household.id,
        name: `${surname}${pick(random, GIVEN)}`,
        category,
        phone: `13${String(Math.floor(random.next() * 1e9)).padStart(9, '0')}`,
      });
    }
  }
  return { gates, households, persons };
}

/**
 * `count` passages over the 28 days (`shape.days`) before `endMs`, oldest first, with the day's rhythm (morning
 * and evening peaks, quiet nights). Of them about 84 % residents and tenants from the roster
 * (some people pass far more often than others), 10 % visitors, 4 % couriers dropping off, 2 %
 * staff; 12 % in a car (driver); 1 in 5,000 a fever (axillary ≥ 37.3 °C, referred); a few
 * without masks or with a "yes" to a question.
 */
export function* generateEntries(
  community: GeneratedCommunity,
  count: number,
  endMs: number,
  seed: number,
  options: { days?: number; couriers?: readonly { id: string; name: string }[] } = {},
): Generator<EntryRecord> {
  const random = seededRandom(seed).fork(2);
  const days = options.days ?? COMMUNITY_SHAPE.days;
  const startMs = endMs - days * 86_400_000;
  const householdById = new Map(community.households.map((h) => [h.id, h]));
  // The hours of a day weighted by how busy the gate is (Asia/Shanghai local hours).
  const hourWeights = [1, 0.5, 0.3, 0.3, 0.5, 2, 6, 10, 9, 6, 5, 5, 6, 5, 4, 4, 5, 8, 10, 8, 6, 4, 3, 2];
  const totalWeight = hourWeights.reduce((a, b) => a + b, 0);
  const cumulative = hourWeights.map((_, i) => hourWeights.slice(0, i + 1).reduce((a, b) => a + b, 0) / totalWeight);
  const perDay = count / days;
  for (let i = 0; i < count; i++) {
    const day = Math.floor(i / perDay);
    const within = (i - day * perDay) / perDay;
    const hour = cumulative.findIndex((c) => within < c);
    const hourStart = hour === 0 ? 0 : cumulative[hour - 1]!;
    const minuteFraction = (within - hourStart) / (cumulative[hour]! - hourStart);
    const localMidnightUtc = startMs + day * 86_400_000 - ((startMs + 8 * 3_600_000) % 86_400_000);
    const ms = Math.min(endMs - 1, localMidnightUtc + (hour + minuteFraction) * 3_600_000);
    const gate = random.next() < 0.4 ? community.gates[0]! : pick(random, community.gates);
    const roll = random.next();
    const flags: EntryFlag[] = [];
    let category: SubjectCategory;
    let personId: string | null = null;
    let name: string | null;
    let plate: string | null = null;
    let idMasked: string | null = null;
    if (roll < 0.84) {
      // Squaring skews towards the first persons: some people pass many times a day, most a few.
      const person = community.persons[Math.floor(random.next() ** 2 * community.persons.length)]!;
      category = person.category;
      personId = person.id;
      name = person.name;
      plate = householdById.get(person.householdId)?.plate ?? null;
    } else if (roll < 0.94) {
      category = 'visitor';
      name = `${pick(random, SURNAMES)}${pick(random, GIVEN)}`;
      idMasked = `3205**********${String(Math.floor(random.next() * 10_000)).padStart(4, '0')}`;
    } else if (roll < 0.98) {
      category = 'courier';
      // In a district the same couriers pass many compounds' gates: known by id, they can be traced.
      const courier = options.couriers && options.couriers.length > 0 ? pick(random, options.couriers) : null;
      personId = courier?.id ?? null;
      name = courier?.name ?? pick(random, ['顺丰', '京东', '美团', '饿了么', '中通']);
    } else {
      category = 'staff';
      name = `${pick(random, SURNAMES)}师傅`;
    }
    const inCar = plate !== null && random.next() < 0.3;
    const fever = random.next() < 1 / 5_000;
    const forehead = fever ? 37.6 + random.next() : 36 + random.next() * 0.9;
    const at = shanghaiInstant(ms);
    const readings: EntryRecord['readings'] = [{ valueC: Math.round(forehead * 10) / 10, source: 'infrared', at, ambientC: 8 }];
    if (fever) {
      flags.push('fever');
      readings.push({ valueC: 37.8, source: 'axillary', at, ambientC: null });
    }
    const noMask = random.next() < 0.005;
    if (noMask) flags.push('no-mask');
    const riskAnswer = random.next() < 0.002;
    if (riskAnswer) flags.push('risk-answer');
    const id = uuidv7At(Math.floor(ms), random);
    yield {
      id,
      schemaVersion: 1,
      occurredAt: at,
      gateId: gate.id,
      deviceId: gate.deviceId,
      guard: { id: null, name: '值班员' },
      shiftId: null,
      direction: random.next() < 0.5 ? 'in' : 'out',
      subject: { category, personId, name, idHash: null, idMasked, scan: null },
      mask: noMask ? 'not-worn' : 'worn',
      answers: [{ questionId: 'travel-14d', answer: riskAnswer }],
      questionSetVersion: 1,
      readings,
      ambientC: 8,
      baselineC: 36.3,
      decision: fever ? 'referred' : category === 'courier' ? 'drop-off' : 'admitted',
      reason: null,
      flags,
      vehicle: inCar && plate ? { passageId: id, plate, role: 'driver' } : null,
      visitor:
        category === 'visitor'
          ? { phone: null, purpose: '探亲', hostHouseholdId: pick(random, community.households).id, passCode: null }
          : null,
    };
  }
}
