import { describe, expect, it } from 'vitest';
import type { EntryRecord, Reading } from '../../protocol/index.ts';
import { SCREENING_MODEL } from '../../protocol/fever-goal.ts';
import { makeEntryRecord, SAMPLE_DEVICE } from '../../test/support/entry-record.ts';
import { decideFever, FEVER_RULE_DEFAULTS } from './fever-rule.ts';
import { armpitPair } from '../../protocol/device-offset.ts';
import { historyOf, learntOffsetFor, withEntry } from './gate-history.ts';

const NOW = Date.parse('2026-11-25T08:30:00.000Z');
const at = (minutesAgo: number): string => new Date(NOW - minutesAgo * 60_000).toISOString();
const face = (valueC: number, minutesAgo: number, ambientC = 22): Reading => ({
  valueC,
  source: 'infrared',
  at: at(minutesAgo),
  ambientC,
  site: 'face-max',
});
const armpit = (valueC: number, minutesAgo: number): Reading => ({
  valueC,
  source: 'axillary',
  at: at(minutesAgo),
  ambientC: null,
});
const entry = (readings: Reading[], overrides: Partial<EntryRecord> = {}): EntryRecord =>
  makeEntryRecord(SAMPLE_DEVICE, { readings, occurredAt: readings.at(-1)!.at, flags: [], ...overrides });

describe('the gate history', () => {
  it('keeps normal people’s first readings and every armpit check as a pair with the flag point it passed', () => {
    const history = historyOf([
      entry([face(36.6, 60)]),
      entry([face(37.4, 50), face(37.3, 49.5), armpit(36.9, 48)], { flagAtC: 37.1 }),
      entry([face(38.4, 40), face(38.3, 39.5), armpit(38.2, 38)], { flags: ['fever'], flagAtC: 37.1 }),
      entry([face(37.0, 30), armpit(36.8, 29)]),
    ]);
    expect(history.normal.map((r) => r.valueC)).toEqual([36.6, 37.4, 37.0]);
    expect(history.pairs).toEqual([
      { site: 'face-max', at: at(50), infraredC: 37.4, armpitC: 36.9, flagAtC: 37.1 },
      { site: 'face-max', at: at(40), infraredC: 38.4, armpitC: 38.2, flagAtC: 37.1 },
      // An entry from before flag points were recorded: a pair not selected on one.
      { site: 'face-max', at: at(30), infraredC: 37.0, armpitC: 36.8, flagAtC: null },
    ]);
    expect(armpitPair([face(36.6, 1)], 37)).toBeNull();
    expect(withEntry(history, entry([armpit(36.5, 1)])).pairs).toHaveLength(3);
  });

  it('stands yesterday’s readings for this hour in while today’s baseline is being built, and says so', () => {
    const yesterday = Array.from({ length: 20 }, (_, i) => entry([face(36.0 + (i % 5) * 0.1, 24 * 60 - i)]));
    const history = historyOf(yesterday);
    const input = { readings: [face(37.2, 0)], ambientC: 22, calibration: 'ok' as const, recentNormal: [face(36.5, 3)] };
    const without = decideFever(input);
    const withHistory = decideFever({ ...input, history: history.normal });
    expect(without.baseline.kind).toBe('none');
    expect(withHistory.baseline).toMatchObject({ kind: 'in-force', from: 'yesterday', valueC: 36.2, todaySamples: 1 });
    expect(without.flagAtFrom).toBe('threshold');
    expect(withHistory.flagAtFrom).toBe('yesterday');
    expect(withHistory.flagAtC).toBeCloseTo(36.2 + withHistory.goalCost!.marginC, 5);
    expect(withHistory.flagAtC).toBeLessThan(without.flagAtC);
  });

  it('learns that the device reads high from the armpit checks, and uses it only once enough pairs agree', () => {
    const model = SCREENING_MODEL;
    const gain = model.sites['face-max'].gain;
    // A device reading 0.6 °C high: healthy people checked at the armpit read about what a calibrated one would + 0.6.
    const pairs = (n: number): EntryRecord[] =>
      Array.from({ length: n }, (_, i) => {
        const armpitC = 36.6 + ((i % 7) - 3) * 0.1;
        const infraredC = Math.round((model.healthyBodyC + 0.6 + gain * (armpitC - model.healthyBodyC) + 0.45) * 10) / 10;
        return entry([face(infraredC, 600 - i), armpit(armpitC, 599 - i)], { flagAtC: null });
      });
    const few = learntOffsetFor(historyOf(pairs(5)), 'face-max', model)!;
    expect(few.inUse).toBe(false);
    const many = learntOffsetFor(historyOf(pairs(60)), 'face-max', model)!;
    expect(many.offsetC).toBeGreaterThan(0.6);
    expect(many).toMatchObject({ inUse: true, disagrees: true, pairs: 60 });
    expect(learntOffsetFor(historyOf(pairs(60)), 'forehead', model)).toBeNull();
    // Recalibrated four hours ago: the 60 pairs of ten to nine hours ago describe the device before it.
    expect(learntOffsetFor(historyOf(pairs(60)), 'face-max', model, at(4 * 60))).toBeNull();
    expect(learntOffsetFor(historyOf(pairs(60)), 'face-max', model, at(10 * 60))).toMatchObject({ pairs: 60 });
    const verdict = decideFever({
      readings: [face(37.5, 0)],
      ambientC: 22,
      calibration: 'ok',
      recentNormal: [],
      learntOffset: many,
      config: { ...FEVER_RULE_DEFAULTS, goal: null },
    });
    // The threshold moves with the device: 37.5 on a device reading 0.6+ high is under 37.3 + offset.
    expect(verdict.offsetC).toBe(many.offsetC);
    expect(verdict.flaggedBy).toBeNull();
  });
});
