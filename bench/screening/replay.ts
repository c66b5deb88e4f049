import type { MeasuringSite, Reading } from '../../protocol/index.ts';
import { pushNormalReading } from '../../kiosk/fever-rule/baseline.ts';
import { baselineContribution, decideFever, type FeverRuleConfig, type FeverVerdict } from '../../kiosk/fever-rule/fever-rule.ts';
import { FEVER_ORAL_C, HIGH_FEVER_ORAL_C } from './fit.ts';
import { ORAL_ABOVE_ARMPIT_C, type Subject } from './real-data.ts';
import { seededRandom } from './seeded-random.ts';

/**
 * Replays real paired readings through the kiosk's fever rule, as a gate would meet them: people in
 * a random order two minutes apart, round 1 as the reading, round 2 as the re-measure, and the oral
 * reading, less 0.3 °C, as the armpit reading the guard types in.
 */

/** Room-temperature bands of the data set (20–29 °C), cut so that each holds enough people. */
export const REAL_BANDS: readonly { min: number; max: number }[] = [
  { min: 20, max: 23 },
  { min: 23, max: 24 },
  { min: 24, max: 25 },
  { min: 25, max: 30 },
];

export interface RealTally {
  people: number;
  healthy: number;
  fevers: number;
  highFevers: number;
  /** Fevers judged fever by the rule (the screen sent them to the armpit and the armpit said fever). */
  found: number;
  highFound: number;
  /** Fevers the screen sent to the armpit reading, whatever it then said. */
  sent: number;
  highSent: number;
  healthyChecked: number;
  feversChecked: number;
  healthyCalledFever: number;
  reMeasures: number;
  reMeasureCleared: number;
  /** Judged with no baseline in force (the first people of a session). */
  noBaseline: number;
  /** ... and of them, those the screen sent to the armpit reading: the cold start's cost, apart. */
  noBaselineChecked: number;
  fixedHealthyFlagged: number;
  fixedFound: number;
  fixedHighFound: number;
}

export const emptyRealTally = (): RealTally => ({
  people: 0,
  healthy: 0,
  fevers: 0,
  highFevers: 0,
  found: 0,
  highFound: 0,
  sent: 0,
  highSent: 0,
  healthyChecked: 0,
  feversChecked: 0,
  healthyCalledFever: 0,
  reMeasures: 0,
  reMeasureCleared: 0,
  noBaseline: 0,
  noBaselineChecked: 0,
  fixedHealthyFlagged: 0,
  fixedFound: 0,
  fixedHighFound: 0,
});

export function addTally(into: RealTally, from: RealTally): void {
  for (const key of Object.keys(into) as (keyof RealTally)[]) into[key] += from[key];
}

export interface ReplayOptions {
  site: MeasuringSite;
  config: FeverRuleConfig;
  /** Added to every raw reading: the device's calibration (and, to test learning, an error in it). */
  calibrationC: number;
  seed: number;
}

const round1 = (c: number): number => Math.round(c * 10) / 10;

/** The armpit reading the guard types in for a subject: the oral reading less 0.3 °C, to 0.1 °C. */
export const armpitOf = (subject: Pick<Subject, 'oralC'>): number => round1(subject.oralC - ORAL_ABOVE_ARMPIT_C);
const T0 = Date.parse('2020-02-10T08:00:00+08:00');
const iso = (minute: number): string => new Date(T0 + minute * 60_000).toISOString();

export interface ReplayedPerson {
  subject: Subject;
  band: number;
  readings: Reading[];
  verdict: FeverVerdict;
  firstVerdict: FeverVerdict;
}

/** One session through the rule; answers the tallies per band (REAL_BANDS order, then all) and every person. */
export function replay(
  subjects: readonly Subject[],
  options: ReplayOptions,
): { bands: RealTally[]; all: RealTally; people: ReplayedPerson[] } {
  const rng = seededRandom(options.seed);
  const order = subjects
    .filter((s) => s.rounds[options.site])
    .map((s) => ({ s, key: rng.next() }))
    .sort((a, b) => a.key - b.key)
    .map(({ s }) => s);
  const bands = REAL_BANDS.map(emptyRealTally);
  const all = emptyRealTally();
  const people: ReplayedPerson[] = [];
  let window: Reading[] = [];
  for (const [i, subject] of order.entries()) {
    const rounds = subject.rounds[options.site]!;
    const minute = 2 * i;
    const ir = (k: number): Reading => ({
      valueC: round1(rounds[k]! + options.calibrationC),
      source: 'infrared',
      at: iso(minute + k * 0.5),
      ambientC: subject.ambientC,
      site: options.site,
    });
    const readings: Reading[] = [ir(0)];
    const decide = (): FeverVerdict =>
      decideFever({ readings, ambientC: subject.ambientC, calibration: 'ok', recentNormal: window, config: options.config });
    let verdict = decide();
    const firstVerdict = verdict;
    const t = emptyRealTally();
    if (verdict.baseline.kind === 'none') t.noBaseline++;
    if (verdict.verdict === 're-measure') {
      t.reMeasures++;
      readings.push(ir(1));
      verdict = decide();
      if (verdict.verdict === 'normal') t.reMeasureCleared++;
    }
    const checked = verdict.verdict === 'axillary-needed';
    if (checked && firstVerdict.baseline.kind === 'none') t.noBaselineChecked++;
    if (checked) {
      readings.push({
        valueC: armpitOf(subject),
        source: 'axillary',
        at: iso(minute + 1.5),
        ambientC: null,
      });
      verdict = decide();
    }
    const fever = verdict.verdict === 'fever';
    const fixedFlag = readings[0]!.valueC >= options.config.thresholdC;
    t.people = 1;
    if (subject.oralC >= FEVER_ORAL_C) {
      const high = subject.oralC >= HIGH_FEVER_ORAL_C;
      t.fevers = 1;
      t.highFevers = high ? 1 : 0;
      t.found = fever ? 1 : 0;
      t.highFound = fever && high ? 1 : 0;
      t.sent = checked ? 1 : 0;
      t.highSent = checked && high ? 1 : 0;
      t.feversChecked = checked ? 1 : 0;
      t.fixedFound = fixedFlag ? 1 : 0;
      t.fixedHighFound = fixedFlag && high ? 1 : 0;
    } else {
      t.healthy = 1;
      t.healthyChecked = checked ? 1 : 0;
      t.healthyCalledFever = fever ? 1 : 0;
      t.fixedHealthyFlagged = fixedFlag ? 1 : 0;
    }
    const band = REAL_BANDS.findIndex((b) => subject.ambientC >= b.min && subject.ambientC < b.max);
    if (band >= 0) addTally(bands[band]!, t);
    addTally(all, t);
    people.push({ subject, band, readings, verdict, firstVerdict });
    const contribution = baselineContribution(readings, verdict);
    if (contribution) window = pushNormalReading(window, contribution, options.config);
  }
  return { bands, all, people };
}

/** Splits subjects into k folds, fevers spread evenly across them. */
export function folds(subjects: readonly Subject[], k: number, seed: number): Subject[][] {
  const rng = seededRandom(seed);
  const shuffled = subjects
    .map((s) => ({ s, key: rng.next() }))
    .sort((a, b) => a.key - b.key)
    .map(({ s }) => s);
  const ordered = [...shuffled.filter((s) => s.oralC >= FEVER_ORAL_C), ...shuffled.filter((s) => s.oralC < FEVER_ORAL_C)];
  const out: Subject[][] = Array.from({ length: k }, () => []);
  ordered.forEach((s, i) => out[i % k]!.push(s));
  return out;
}
