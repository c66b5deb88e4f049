import { describe, expect, it } from 'vitest';
import type { Reading } from '../../protocol/index.ts';
import { pushNormalReading, runningBaseline } from './baseline.ts';
import { FEVER_RULE_DEFAULTS, baselineContribution, decideFever, type FeverRuleInput } from './fever-rule.ts';

const T0 = Date.parse('2020-02-10T08:00:00+08:00');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const ir = (valueC: number, minutes = 0, ambientC: number | null = 22): Reading => ({
  valueC,
  source: 'infrared',
  at: at(minutes),
  ambientC,
});
const axillary = (valueC: number, minutes = 5): Reading => ({ valueC, source: 'axillary', at: at(minutes), ambientC: 22 });

/** n normal readings in the minutes before T0, alternating around `centreC`, taken in `ambientC` air. */
function gateHistory(n: number, centreC: number, jitterC = 0.1, ambientC = 22): Reading[] {
  return Array.from({ length: n }, (_, i) => ir(centreC + (i % 2 === 0 ? jitterC : -jitterC), -n + i, ambientC));
}
const at22 = { nowMs: T0, ambientC: 22, site: 'forehead' as const };

const indoors = (readings: Reading[], recentNormal: Reading[] = []): FeverRuleInput => ({
  readings,
  ambientC: 22,
  calibration: 'ok',
  recentNormal,
});

describe('decideFever in the rated range with calibration ok', () => {
  it('passes a reading under the threshold', () => {
    const v = decideFever(indoors([ir(36.5)]));
    expect(v).toMatchObject({ verdict: 'normal', reason: 'below-threshold', flaggedBy: null, axillaryMandatory: false });
    expect(v.reliability).toEqual({ level: 'reliable' });
  });

  it('asks for a re-measure at exactly the threshold', () => {
    expect(decideFever(indoors([ir(37.3)]))).toMatchObject({
      verdict: 're-measure',
      reason: 'at-or-above-threshold',
      flaggedBy: 'threshold',
    });
  });

  it('clears a person whose re-measure is normal', () => {
    expect(decideFever(indoors([ir(37.4), ir(36.9, 1)]))).toMatchObject({ verdict: 'normal', reason: 'normal-on-re-measure' });
  });

  it('asks for an axillary reading when the re-measure is still high, and lets it decide', () => {
    expect(decideFever(indoors([ir(37.6), ir(37.5, 1)]))).toMatchObject({
      verdict: 'axillary-needed',
      reason: 'high-on-re-measure',
    });
    expect(decideFever(indoors([ir(37.6), ir(37.5, 1), axillary(37.8)]))).toMatchObject({
      verdict: 'fever',
      reason: 'axillary-at-or-above-threshold',
    });
    expect(decideFever(indoors([ir(37.6), ir(37.5, 1), axillary(36.9)]))).toMatchObject({
      verdict: 'normal',
      reason: 'axillary-below-threshold',
    });
  });

  it('asks for the reading again when there is none', () => {
    expect(decideFever(indoors([]))).toMatchObject({ verdict: 're-measure', reason: 'no-reading' });
  });

  it('judges a manually typed value like an infrared one', () => {
    const manual: Reading = { valueC: 37.5, source: 'manual', at: at(0), ambientC: null };
    expect(decideFever(indoors([manual]))).toMatchObject({ verdict: 're-measure', flaggedBy: 'threshold' });
  });
});

describe('the running baseline', () => {
  it('flags a reading one offset above the gate median even under the fixed threshold', () => {
    const cold = {
      readings: [ir(35.0, 0, 3)],
      ambientC: 3,
      calibration: 'ok' as const,
      recentNormal: gateHistory(20, 33.8, 0.1, 3),
      config: { ...FEVER_RULE_DEFAULTS, goal: null },
    };
    const v = decideFever(cold);
    expect(v.baseline).toMatchObject({ kind: 'in-force', valueC: 33.8, samples: 20 });
    expect(v.flagAtC).toBeCloseTo(34.8, 5);
    expect(v).toMatchObject({ verdict: 'axillary-needed', reason: 'axillary-mandatory', flaggedBy: 'baseline' });
    expect(decideFever({ ...cold, readings: [ir(34.6, 0, 3)] })).toMatchObject({ verdict: 'normal', reason: 'below-threshold' });
  });

  it('is not trusted until enough normal readings are in', () => {
    const few = gateHistory(FEVER_RULE_DEFAULTS.baselineMinSamples - 1, 36.2);
    const v = decideFever({ readings: [ir(37.2)], ambientC: 22, calibration: 'ok', recentNormal: few });
    expect(v.baseline).toEqual({
      kind: 'none',
      why: 'too-few-samples',
      samples: FEVER_RULE_DEFAULTS.baselineMinSamples - 1,
      earlierAmbientC: null,
    });
    expect(v).toMatchObject({ verdict: 'normal', flagAtC: 37.3, flagAtFrom: 'threshold' });
    expect(v.reliability).toEqual({ level: 'reliable' });
  });

  it('uses only the newest N readings, drops old ones and ignores axillary values', () => {
    const old = gateHistory(30, 30, 0).map((r) => ({ ...r, at: at(-200) }));
    const recent = gateHistory(30, 36.0, 0);
    const stray: Reading = { valueC: 39, source: 'axillary', at: at(-1), ambientC: 22 };
    expect(runningBaseline([...old, ...recent, stray], at22, FEVER_RULE_DEFAULTS)).toMatchObject({
      kind: 'in-force',
      valueC: 36.0,
      samples: 30,
    });
    expect(runningBaseline(old, at22, FEVER_RULE_DEFAULTS)).toMatchObject({ kind: 'none', samples: 0 });
  });

  it('ignores readings stamped after the reading being judged', () => {
    const future = gateHistory(20, 36.0).map((r, i) => ({ ...r, at: at(10 + i) }));
    expect(runningBaseline(future, at22, FEVER_RULE_DEFAULTS)).toMatchObject({ kind: 'none', samples: 0 });
  });

  it('measures the spread of healthy readings and calls a scattered gate unreliable', () => {
    const scattered = gateHistory(20, 33.5, 1.5, 2);
    const base = runningBaseline(scattered, { ...at22, ambientC: 2 }, FEVER_RULE_DEFAULTS);
    expect(base.kind === 'in-force' && base.spreadC).toBeCloseTo(1.5 * 1.4826, 3);
    const v = decideFever({ readings: [ir(33.0, 0, 2)], ambientC: 2, calibration: 'ok', recentNormal: scattered });
    expect(v.reliability).toEqual({ level: 'unreliable', because: ['too-cold', 'baseline-scattered'] });
  });

  it('keeps the fixed threshold in the heat, where the baseline sits close to it', () => {
    const hot = {
      readings: [ir(37.3, 0, 33)],
      ambientC: 33,
      calibration: 'ok' as const,
      recentNormal: gateHistory(20, 37.0, 0.1, 33),
    };
    const v = decideFever(hot);
    expect(v.flagAtC).toBe(37.3);
    expect(v).toMatchObject({
      verdict: 'axillary-needed',
      flaggedBy: 'threshold',
      axillaryMandatoryBecause: ['ambient-above-rated'],
    });
    expect(v.reliability).toEqual({ level: 'reliable' });
  });

  it('pushNormalReading keeps the newest 2N, so that a change of air can be told', () => {
    let window: Reading[] = [];
    for (let i = 0; i < 80; i++) window = pushNormalReading(window, ir(36 + i / 100, i), FEVER_RULE_DEFAULTS);
    expect(window).toHaveLength(2 * FEVER_RULE_DEFAULTS.baselineWindow);
    expect(window[0]!.valueC).toBeCloseTo(36.2, 5);
    expect(runningBaseline(window, { ...at22, nowMs: T0 + 80 * 60_000 }, FEVER_RULE_DEFAULTS)).toMatchObject({
      samples: FEVER_RULE_DEFAULTS.baselineWindow,
    });
  });

  it('baselineContribution adds the first infrared reading of a person judged normal, and nothing else', () => {
    const readings = [ir(37.4), ir(37.4, 1), axillary(36.8)];
    expect(baselineContribution(readings, decideFever(indoors(readings)))).toEqual(readings[0]);
    const fever = [ir(37.4), ir(37.4, 1), axillary(37.9)];
    expect(baselineContribution(fever, decideFever(indoors(fever)))).toBeNull();
  });
});

describe('out of range or out of calibration', () => {
  it('makes the axillary reading mandatory for a flagged reading and says why', () => {
    const v = decideFever({ readings: [ir(37.5, 0, 10)], ambientC: 10, calibration: 'expired', recentNormal: [] });
    expect(v).toMatchObject({ verdict: 'axillary-needed', reason: 'axillary-mandatory', axillaryMandatory: true });
    expect(v.axillaryMandatoryBecause).toEqual(['ambient-below-rated', 'calibration-expired']);
    expect(v.reliability).toEqual({ level: 'unreliable', because: ['too-cold', 'calibration-not-ok'] });
  });

  it('does not let a normal re-measure clear a flagged person when axillary is mandatory', () => {
    const v = decideFever({ readings: [ir(37.5, 0, 30), ir(37.0, 1, 30)], ambientC: 30, calibration: 'ok', recentNormal: [] });
    expect(v).toMatchObject({ verdict: 'axillary-needed', reason: 'axillary-mandatory' });
  });

  it('treats an unknown ambient or calibration as not ok', () => {
    const v = decideFever({ readings: [ir(36.5, 0, null)], ambientC: null, calibration: 'unknown', recentNormal: [] });
    expect(v.verdict).toBe('normal');
    expect(v.axillaryMandatoryBecause).toEqual(['ambient-unknown', 'calibration-unknown']);
    expect(v.reliability).toEqual({ level: 'unreliable', because: ['ambient-unknown', 'calibration-not-ok'] });
  });

  it('honours a community threshold', () => {
    const config = { ...FEVER_RULE_DEFAULTS, thresholdC: 37.5 };
    expect(decideFever({ ...indoors([ir(37.4)]), config }).verdict).toBe('normal');
    expect(decideFever({ ...indoors([ir(37.5)]), config }).verdict).toBe('re-measure');
  });
});

describe('the learnt device offset', () => {
  const offset = (offsetC: number, inUse: boolean) => ({ offsetC, sdC: 0.05, pairs: 40, inUse, disagrees: offsetC >= 0.3 });
  it('shifts the threshold by what the armpit checks say the device reads off, once it is in use', () => {
    const high = decideFever({ ...indoors([ir(37.5)]), learntOffset: offset(0.4, true) });
    expect(high).toMatchObject({ verdict: 'normal', offsetC: 0.4 });
    expect(high.flagAtC).toBeCloseTo(37.7, 5);
    const notYet = decideFever({ ...indoors([ir(37.5)]), learntOffset: offset(0.4, false) });
    expect(notYet).toMatchObject({ verdict: 're-measure', flagAtC: 37.3, offsetC: 0 });
  });

  it('never shifts the armpit reading itself', () => {
    const v = decideFever({ ...indoors([ir(37.8), ir(37.8, 1), axillary(37.4)]), learntOffset: offset(0.4, true) });
    expect(v.verdict).toBe('fever');
  });
});
