import { describe, expect, it } from 'vitest';
import type { Reading } from '../../protocol/index.ts';
import { pushNormalReading } from './baseline.ts';
import { FEVER_RULE_DEFAULTS, baselineContribution, decideFever, type FeverVerdict } from './fever-rule.ts';

const T0 = Date.parse('2020-02-10T07:00:00+08:00');
const MINUTE = 60_000;
const ir = (valueC: number, minute: number, ambientC: number): Reading => ({
  valueC,
  source: 'infrared',
  at: new Date(T0 + minute * MINUTE).toISOString(),
  ambientC,
});
const axillary = (valueC: number, minute: number): Reading => ({
  valueC,
  source: 'axillary',
  at: new Date(T0 + minute * MINUTE).toISOString(),
  ambientC: null,
});

/** A healthy forehead in still air, after the population model: 33.9 °C at 3 °C, 0.12 °C more per °C. */
const healthyC = (ambientC: number, person: number): number =>
  Math.round((33.9 + 0.12 * (ambientC - 3) + (person % 3) * 0.1 - 0.1) * 10) / 10;

/** These tests are about the baseline, so they use a fixed 1.0 °C margin above it rather than a goal. */
const MARGIN = { ...FEVER_RULE_DEFAULTS, goal: null };

/** A gate that runs its people through the rule, as the kiosk does: the guard takes every armpit reading asked for. */
class Gate {
  window: Reading[] = [];
  armpitChecks = 0;
  judge(first: Reading, armpitC = 36.6, history: Reading[] = []): FeverVerdict {
    const readings = [first];
    const decide = (): FeverVerdict =>
      decideFever({ readings, ambientC: first.ambientC, calibration: 'ok', recentNormal: this.window, history, config: MARGIN });
    let verdict = decide();
    const firstVerdict = verdict;
    const minute = (Date.parse(first.at) - T0) / MINUTE;
    if (verdict.verdict === 're-measure') {
      readings.push({ ...first, at: new Date(Date.parse(first.at) + MINUTE).toISOString() });
      verdict = decide();
    }
    if (verdict.verdict === 'axillary-needed') {
      this.armpitChecks++;
      readings.push(axillary(armpitC, minute + 2));
      verdict = decide();
    }
    const contribution = baselineContribution(readings, verdict);
    if (contribution) this.window = pushNormalReading(this.window, contribution, FEVER_RULE_DEFAULTS);
    return firstVerdict;
  }
}

describe('a baseline that follows the air', () => {
  it('abrupt warming: a cold baseline is not used indoors; the screen says the air changed and it is rebuilt', () => {
    const gate = new Gate();
    for (let i = 0; i < 12; i++) gate.judge(ir(healthyC(3, i), i * 2, 3), 36.5);
    const cold = gate.judge(ir(healthyC(3, 12), 24, 3));
    expect(cold.baseline).toMatchObject({ kind: 'in-force', from: 'today' });
    expect(cold.baseline.kind === 'in-force' && cold.baseline.valueC).toBeCloseTo(33.9, 1);

    // Issue 13's morning: the guard moves indoors. Healthy people read 36.4–36.6 there.
    const coldStartChecks = gate.armpitChecks;
    const indoors = Array.from({ length: 12 }, (_, i) => gate.judge(ir(36.4 + (i % 3) * 0.1, 30 + i, 22)));
    expect(indoors[0]!.baseline).toEqual({ kind: 'none', why: 'air-changed', samples: 0, earlierAmbientC: 3 });
    expect(indoors[0]).toMatchObject({ verdict: 'normal', flagAtC: 37.3, flagAtFrom: 'threshold' });
    expect(indoors.every((v) => v.verdict === 'normal')).toBe(true);
    expect(indoors[9]!.baseline).toMatchObject({ kind: 'none', why: 'air-changed', samples: 9 });
    expect(indoors[10]!.baseline).toMatchObject({ kind: 'in-force', from: 'today', samples: 10, valueC: 36.5 });
    expect(gate.armpitChecks).toBe(coldStartChecks);

    // Rebuilt for the new air, it still singles out a fever that reads under 37.3 indoors.
    const feverish = gate.judge(ir(37.2, 50, 22), 37.9);
    expect(feverish.flagAtC).toBeCloseTo(37.3, 5);
    const afterNoon = decideFever({
      readings: [ir(37.2, 51, 22)],
      ambientC: 22,
      calibration: 'ok',
      recentNormal: gate.window,
      config: { ...MARGIN, baselineOffsetC: 0.6 },
    });
    expect(afterNoon).toMatchObject({ verdict: 're-measure', flaggedBy: 'baseline', flagAtFrom: 'today' });
  });

  it('abrupt cooling: an indoor baseline is not carried outdoors; the cold start asks for the armpit meanwhile', () => {
    const gate = new Gate();
    for (let i = 0; i < 15; i++) gate.judge(ir(36.4 + (i % 3) * 0.1, i, 22));
    const out = gate.judge(ir(34.2, 20, 3), 36.6);
    expect(out.baseline).toMatchObject({ kind: 'none', why: 'air-changed', earlierAmbientC: 22 });
    expect(out.flagAtFrom).toBe('cold-start');
    expect(out.flagAtC).toBeCloseTo(35.7 - 0.12 * 15, 5);
    expect(out).toMatchObject({ verdict: 'axillary-needed', flaggedBy: 'cold-start', reason: 'axillary-mandatory' });
    // Under the cold line the guard is not asked; the screen still says forehead readings are unreliable.
    const low = gate.judge(ir(33.6, 21, 3));
    expect(low).toMatchObject({ verdict: 'normal', reliability: { level: 'unreliable', because: ['too-cold'] } });
  });

  it('slow warming: the baseline stays in force and follows the air; no healthy person is flagged, a fever is', () => {
    const gate = new Gate();
    const verdicts: FeverVerdict[] = [];
    let fever: FeverVerdict | null = null;
    // 3 °C to 22 °C over four hours, one person every two minutes.
    for (let i = 0; i < 120; i++) {
      const ambientC = Math.round((3 + (19 * i) / 119) * 10) / 10;
      verdicts.push(gate.judge(ir(healthyC(ambientC, i), i * 2, ambientC), 36.6));
      // A fever at about 12 °C, reading 1.2 °C above the healthy: far under 37.3, flagged against the baseline.
      if (i === 60) fever = gate.judge(ir(healthyC(ambientC, 1) + 1.2, i * 2 + 1, ambientC), 38.2);
    }
    const settled = verdicts.slice(10);
    expect(settled.every((v) => v.baseline.kind === 'in-force' && v.baseline.from === 'today')).toBe(true);
    expect(settled.filter((v) => v.flaggedBy !== null)).toHaveLength(0);
    for (const [i, v] of settled.entries()) {
      const ambientC = 3 + (19 * (i + 10)) / 119;
      expect(v.baseline.kind === 'in-force' && Math.abs(v.baseline.valueC - healthyC(ambientC, 1))).toBeLessThan(0.35);
    }
    // Only the cold start, before the first ten, asked for armpit readings.
    expect(gate.armpitChecks).toBeLessThanOrEqual(10);
    expect(fever).toMatchObject({ flaggedBy: 'baseline', verdict: 'axillary-needed', flagAtFrom: 'today' });
  });

  it('uses the baseline of the same hour yesterday, in the same air, until today has its own, and says so', () => {
    const yesterday = Array.from({ length: 20 }, (_, i) => ir(33.9 + (i % 2) * 0.2, -24 * 60 - 30 + i * 3, 3));
    const gate = new Gate();
    const first = gate.judge(ir(35.0, 0, 3), 36.6, yesterday);
    expect(first.baseline).toMatchObject({ kind: 'in-force', from: 'yesterday', samples: 20, todaySamples: 0 });
    expect(first).toMatchObject({ flagAtFrom: 'yesterday', flaggedBy: 'baseline', verdict: 'axillary-needed' });
    expect(first.flagAtC).toBeCloseTo(35.0, 5);
    // Yesterday's readings in other air, or at another hour, do not stand in.
    const warmer = yesterday.map((r) => ({ ...r, ambientC: 12 }));
    expect(gate.judge(ir(34.0, 1, 3), 36.6, warmer).flagAtFrom).toBe('cold-start');
    const morning = yesterday.map((r) => ({ ...r, at: new Date(Date.parse(r.at) - 3 * 3_600_000).toISOString() }));
    expect(gate.judge(ir(34.0, 2, 3), 36.6, morning).flagAtFrom).toBe('cold-start');
    // Once today's baseline has its ten readings, it takes over.
    for (let i = 0; i < 12; i++) gate.judge(ir(33.9 + (i % 2) * 0.1, 3 + i, 3), 36.6, yesterday);
    expect(gate.judge(ir(34.0, 20, 3), 36.6, yesterday).baseline).toMatchObject({ kind: 'in-force', from: 'today' });
  });

  it('keeps forehead and face readings apart: a site change rebuilds the baseline', () => {
    const gate = new Gate();
    for (let i = 0; i < 12; i++) gate.judge(ir(36.3 + (i % 2) * 0.1, i, 22));
    const face = gate.judge({ ...ir(36.9, 13, 22), site: 'face-max' });
    expect(face.baseline).toMatchObject({ kind: 'none', why: 'too-few-samples', samples: 0 });
  });
});
