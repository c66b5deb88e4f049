import { describe, expect, it } from 'vitest';
import { type Reading } from '../protocol/index.ts';
import { acceptsReading, assess, type PersonScreening, type ScreeningContext } from './screening.ts';
import { HOUSEHOLD_1, makeIdentity, makePersonScreening, makeRoster, makeWatchEntry } from '../test/support/kiosk-fixtures.ts';

const resident = makeIdentity();

const roster = makeRoster({
  households: [HOUSEHOLD_1],
  watch: [makeWatchEntry()],
  questionSet: {
    version: 2,
    questions: [
      {
        id: 'travel',
        text: { 'zh-CN': '14天内是否去过中高风险地区？', en: 'Travel to a listed area in 14 days?' },
        riskAnswer: true,
      },
    ],
  },
});

function reading(
  valueC: number,
  ambientC: number | null,
  at = '2026-11-25T07:30:00.000Z',
  source: Reading['source'] = 'infrared',
): Reading {
  return { valueC, source, at, ambientC };
}

function person(overrides: Partial<PersonScreening> = {}): PersonScreening {
  return makePersonScreening({ readings: [reading(36.5, 21)], ...overrides });
}

const context: ScreeningContext = { roster, recentNormal: [], calibration: 'ok', today: '2026-11-25' };

describe('assess', () => {
  it('lets a known resident with a normal reading through without a touch', () => {
    expect(assess(person(), context)).toMatchObject({ autoAdmit: true, canAdmit: true, flags: [] });
  });

  it('does not decide before there is a reading', () => {
    expect(assess(person({ readings: [] }), context)).toMatchObject({ autoAdmit: false, canAdmit: false });
  });

  it('asks for a re-measure at the threshold, then an axillary reading if still high, and calls fever on the axillary', () => {
    const first = assess(person({ readings: [reading(37.5, 21)] }), context);
    expect(first.fever.verdict).toBe('re-measure');
    expect(first.canAdmit).toBe(false);
    const second = assess(person({ readings: [reading(37.5, 21), reading(37.6, 21, '2026-11-25T07:30:20.000Z')] }), context);
    expect(second.fever.verdict).toBe('axillary-needed');
    const confirmed = assess(
      person({
        readings: [
          reading(37.5, 21),
          reading(37.6, 21, '2026-11-25T07:30:20.000Z'),
          reading(38.1, null, '2026-11-25T07:33:00.000Z', 'axillary'),
        ],
      }),
      context,
    );
    expect(confirmed).toMatchObject({ canAdmit: false, autoAdmit: false });
    expect(confirmed.fever.verdict).toBe('fever');
    expect(confirmed.flags).toContain('fever');
  });

  it('flags, on a cold morning, a person 1.2 °C above a baseline that reads 2 °C low', () => {
    const recentNormal = Array.from({ length: 20 }, (_, i) =>
      reading(34.4 + (i % 3) * 0.1, 5, `2026-11-25T07:${String(10 + i).padStart(2, '0')}:00.000Z`),
    );
    const cold = assess(person({ readings: [reading(35.7, 5)] }), { ...context, recentNormal });
    expect(cold.fever.flaggedBy).toBe('baseline');
    expect(cold.fever.baseline).toMatchObject({ kind: 'in-force', valueC: 34.5 });
    // 5 °C is outside the thermometer's rated range: no second forehead try, straight to the armpit.
    expect(cold.fever.verdict).toBe('axillary-needed');
    expect(cold.fever.axillaryMandatory).toBe(true);
    expect(cold.canAdmit).toBe(false);
  });

  it('blocks a person under home observation from going out, and flags them going in', () => {
    const watched = { ...resident, personId: 'p2' };
    const out = assess(person({ identity: watched, direction: 'out' }), context);
    expect(out).toMatchObject({ exitBlocked: true, autoAdmit: false });
    expect(out.flags).toContain('home-observation');
    expect(out.watch[0]).toMatchObject({ day: 6, of: 14 });
    const back = assess(person({ identity: watched, direction: 'in' }), context);
    expect(back).toMatchObject({ exitBlocked: false, autoAdmit: false });
  });

  it('flags a risk answer and a missing mask', () => {
    const risky = assess(person({ answers: { travel: true }, mask: 'not-worn' }), context);
    expect(risky.flags).toEqual(expect.arrayContaining(['risk-answer', 'no-mask']));
    expect(risky.riskQuestions).toEqual(['travel']);
    expect(risky.autoAdmit).toBe(false);
  });

  it('never waves through someone the roster does not know', () => {
    const stranger = makeIdentity({
      category: 'unknown',
      personId: null,
      name: null,
      flags: ['unknown-person'],
      problem: 'unknownPerson',
    });
    expect(assess(person({ identity: stranger }), context)).toMatchObject({ autoAdmit: false, canAdmit: true });
  });

  it('holds back auto-admit when screening is unreliable (cold, no baseline yet)', () => {
    expect(assess(person({ readings: [reading(33.8, 4)] }), context)).toMatchObject({ autoAdmit: false, canAdmit: true });
  });

  it('does not wave through, in the cold with no baseline, a reading above the cold-start line: armpit first', () => {
    const cold = assess(person({ readings: [reading(34.8, 4)] }), context);
    expect(cold).toMatchObject({ autoAdmit: false, canAdmit: false });
    expect(cold.fever).toMatchObject({ verdict: 'axillary-needed', flaggedBy: 'cold-start', flagAtFrom: 'cold-start' });
  });
});

describe('acceptsReading', () => {
  it('refuses a re-measure taken before the wait is over', () => {
    expect(acceptsReading(person({ remeasureAfter: 10_000 }), 9_999)).toBe('too-soon');
    expect(acceptsReading(person({ remeasureAfter: 10_000 }), 10_000)).toBe('accept');
  });
});
