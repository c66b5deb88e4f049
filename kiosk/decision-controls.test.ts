import { describe, expect, it } from 'vitest';
import type { Reading } from '../protocol/index.ts';
import { decisionControls, type DecisionControls } from './decision-controls.ts';
import { catalogues, type MessageKey } from './messages.ts';
import { assess, type PersonScreening, type ScreeningContext } from './screening.ts';
import { HOUSEHOLD_1, makeIdentity, makePersonScreening, makeRoster, makeWatchEntry } from '../test/support/kiosk-fixtures.ts';

/** Under home observation until 3 December: going out is blocked unless the guard writes a reason. */
const watched = makeIdentity({ personId: 'p2', name: '李娜' });

const context: ScreeningContext = {
  roster: makeRoster({ households: [HOUSEHOLD_1], watch: [makeWatchEntry()] }),
  recentNormal: [],
  calibration: 'ok',
  today: '2026-11-25',
};

const at = (second: number): string => new Date(Date.parse('2026-11-25T07:30:00.000Z') + second * 1000).toISOString();
const infrared = (valueC: number, second: number): Reading => ({ valueC, source: 'infrared', at: at(second), ambientC: 21 });
const armpit = (valueC: number, second: number): Reading => ({ valueC, source: 'axillary', at: at(second), ambientC: null });

function person(readings: Reading[], direction: PersonScreening['direction'] = 'out'): PersonScreening {
  return makePersonScreening({ identity: watched, direction, readings });
}

function controls(
  readings: Reading[],
  reason: string,
  options: { saving?: boolean; direction?: 'in' | 'out' } = {},
): DecisionControls {
  const screening = person(readings, options.direction);
  return decisionControls({ person: screening, assessment: assess(screening, context) }, options.saving ?? false, reason);
}

/** The screening states the person passes through, each with what "let out with a written reason" must say. */
const STATES: { state: string; readings: Reading[]; reason: string; saving?: boolean; why: MessageKey | null }[] = [
  { state: 'no reading yet', readings: [], reason: '就医', why: 'whyNoReading' },
  { state: 'first reading high: re-measure pending', readings: [infrared(37.5, 0)], reason: '就医', why: 'whyRemeasure' },
  {
    state: 'high again: armpit reading needed',
    readings: [infrared(37.5, 0), infrared(37.6, 20)],
    reason: '就医',
    why: 'whyAxillary',
  },
  {
    state: 'armpit confirms a fever',
    readings: [infrared(37.5, 0), infrared(37.6, 20), armpit(38.1, 200)],
    reason: '就医',
    why: 'whyFever',
  },
  { state: 'normal, no reason written', readings: [infrared(36.5, 0)], reason: '', why: 'whyReasonMissing' },
  { state: 'normal, only blanks written', readings: [infrared(36.5, 0)], reason: '   ', why: 'whyReasonMissing' },
  {
    state: 'normal on the re-measure, no reason',
    readings: [infrared(37.5, 0), infrared(36.6, 20)],
    reason: '',
    why: 'whyReasonMissing',
  },
  { state: 'saving the entry', readings: [infrared(36.5, 0)], reason: '就医', saving: true, why: 'whySaving' },
  { state: 'normal, reason written', readings: [infrared(36.5, 0)], reason: '去医院复查', why: null },
  {
    state: 'normal on the re-measure, reason written',
    readings: [infrared(37.5, 0), infrared(36.6, 20)],
    reason: '去医院复查',
    why: null,
  },
];

describe('let out with a written reason, in every screening state', () => {
  for (const { state, readings, reason, saving, why } of STATES) {
    it(`${state}: ${why === null ? 'enabled' : `off, saying ${why}`}`, () => {
      const { admit } = controls(readings, reason, { saving: saving ?? false });
      // The same place on screen as Admit, labelled for the override, whatever the state.
      expect(admit.override).toBe(true);
      if (why === null) {
        expect(admit).toEqual({ enabled: true, override: true });
        return;
      }
      expect(admit).toEqual({ enabled: false, why, override: true });
      // The guard reads the reason on the button, in either language.
      expect(catalogues['zh-CN'][why].trim()).not.toBe('');
      expect(catalogues.en[why].trim()).not.toBe('');
    });
  }

  it('tells each blocked state apart: no two reasons read the same', () => {
    const reasons = [...new Set(STATES.flatMap(({ why }) => (why === null ? [] : [why])))];
    for (const locale of ['zh-CN', 'en'] as const) {
      const texts = reasons.map((why) => catalogues[locale][why]);
      expect(new Set(texts).size).toBe(reasons.length);
    }
  });

  it('keeps deny and stop open in every state but saving, and refer only once a reading was high', () => {
    for (const { readings, reason, saving } of STATES) {
      const bar = controls(readings, reason, { saving: saving ?? false });
      if (saving) {
        expect(bar.deny).toEqual({ enabled: false, why: 'whySaving' });
        expect(bar.abandon).toEqual({ enabled: false, why: 'whySaving' });
        continue;
      }
      expect(bar.deny).toEqual({ enabled: true });
      expect(bar.abandon).toEqual({ enabled: true });
    }
    expect(controls([infrared(36.5, 0)], '').refer).toEqual({ enabled: false, why: 'whyReferHigh' });
    expect(controls([], '').refer).toEqual({ enabled: false, why: 'whyNoReading' });
    expect(controls([infrared(37.5, 0)], '').refer).toEqual({ enabled: true });
  });

  it('is plain Admit, needing no reason, for the same person coming in', () => {
    expect(controls([infrared(36.5, 0)], '', { direction: 'in' }).admit).toEqual({ enabled: true, override: false });
    expect(controls([infrared(37.5, 0)], '', { direction: 'in' }).admit).toEqual({
      enabled: false,
      why: 'whyRemeasure',
      override: false,
    });
  });

  it('is off with "scan first" while nobody is on screen', () => {
    const idle = decisionControls(null, false, '就医');
    expect(idle.admit).toEqual({ enabled: false, why: 'whyNoPerson', override: false });
  });
});
