import { DEFAULT_SCREENING_RULES, type Reading } from '../../protocol/index.ts';
import {
  FEVER_RULE_DEFAULTS,
  baselineContribution,
  decideFever,
  type FeverRuleConfig,
  type FeverVerdict,
} from '../../kiosk/fever-rule/fever-rule.ts';
import { pushNormalReading } from '../../kiosk/fever-rule/baseline.ts';
import { MODEL, airAt, axillaryReadingC, foreheadReadingC, simulateDay, type GateDay, type Person } from './population.ts';
import { seededRandom } from './seeded-random.ts';

/** ASSUMPTION: the kiosk's "short wait" before a re-measure, and the time an axillary reading takes. */
export const RE_MEASURE_AFTER_MIN = 1;
export const AXILLARY_AFTER_MIN = 5;

export interface Tally {
  people: number;
  febrile: number;
  detected: number;
  /** Fevers at or above MODEL.clinicalFeverCoreC (about 38 °C core), the screening studies' fever. */
  febrileHigh: number;
  detectedHigh: number;
  falseAlarms: number;
  axillaryChecks: number;
  /** Axillary checks of febrile people: lets a sweep run at a high prevalence and rescale the guard's load. */
  axillaryChecksFebrile: number;
  reMeasures: number;
  screenedUnreliable: number;
}

export interface RuleMetrics extends Tally {
  sensitivity: number;
  /** 95 % Wilson interval of the sensitivity. */
  sensitivityCi: [number, number];
  /** Share found of fevers at or above about 38 °C core, with its 95 % interval. */
  sensitivityHigh: number;
  sensitivityHighCi: [number, number];
  /** Share found of low-grade fevers (37.3 up to about 38 °C). */
  sensitivityLow: number;
  falseAlarmRate: number;
  axillaryPer100: number;
  reMeasurePer100: number;
  unreliableShare: number;
}

/** What set the flag point a person's first reading was judged by (fever-rule.ts flagAtFrom). */
export type JudgedOn = FeverVerdict['flagAtFrom'];
export const JUDGED_ON: readonly JudgedOn[] = ['today', 'yesterday', 'cold-start', 'threshold'];

/** The people judged on one kind of flag point: how many, and what they cost in armpit checks. */
export interface StartTally {
  people: number;
  febrile: number;
  detected: number;
  axillaryChecks: number;
  axillaryChecksFebrile: number;
}

export interface StartMetrics extends StartTally {
  perDay: number;
  /** Armpit checks per 100 of these people (at the simulated prevalence). */
  axillaryPer100: number;
}

export interface BandResult {
  bandC: { min: number; max: number };
  fixed: RuleMetrics;
  checkpoint: RuleMetrics;
  /**
   * The cold start, apart: the people judged before today's baseline existed (the first of each
   * day, after a lull or a change of air), by what stood in — yesterday's baseline for the hour,
   * the cold-start line, or the threshold alone — beside those judged on today's baseline.
   */
  judgedOn: Record<JudgedOn, StartMetrics>;
}

export interface EvaluationOptions {
  seed: number;
  daysPerBand: number;
  peoplePerDay: number;
  prevalence: number;
  config?: FeverRuleConfig;
  fieldScatterSdC?: number;
}

/**
 * What the kiosk runs for a community that kept the default rules: the rule's defaults with the
 * community's threshold and margin (kiosk/screening.ts ruleConfig).
 */
export function communityRuleConfig(rules = DEFAULT_SCREENING_RULES): FeverRuleConfig {
  return { ...FEVER_RULE_DEFAULTS, thresholdC: rules.feverThresholdC, baselineOffsetC: rules.baselineOffsetC, goal: rules.goal };
}

export const AMBIENT_BANDS: { min: number; max: number }[] = Array.from({ length: 7 }, (_, i) => ({
  min: i * 5,
  max: i * 5 + 5,
}));

export const emptyTally = (): Tally => ({
  people: 0,
  febrile: 0,
  detected: 0,
  febrileHigh: 0,
  detectedHigh: 0,
  falseAlarms: 0,
  axillaryChecks: 0,
  axillaryChecksFebrile: 0,
  reMeasures: 0,
  screenedUnreliable: 0,
});

const DAY_START = Date.parse('2020-02-10T00:00:00+08:00');
const isoAt = (minute: number): string => new Date(DAY_START + Math.round(minute * 60_000)).toISOString();

function count(tally: Tally, person: Person, fever: boolean): void {
  tally.people++;
  if (person.febrile) {
    const high = person.coreC >= MODEL.clinicalFeverCoreC;
    tally.febrile++;
    if (high) tally.febrileHigh++;
    if (fever) {
      tally.detected++;
      if (high) tally.detectedHigh++;
    }
  } else if (fever) tally.falseAlarms++;
}

/**
 * Runs one gate-day through both rules on the same first reading: the fixed 37.3 °C forehead rule
 * that gates used (a reading at or above it is a fever, no second look), and Checkpoint's rule from
 * kiosk/fever-rule/fever-rule.ts, whose re-measures and axillary readings the simulated guard always takes.
 */
export function runDay(
  day: GateDay,
  daySeed: number,
  config: FeverRuleConfig,
  fixed: Tally,
  checkpoint: Tally,
  onPerson: (person: Person, readings: readonly Reading[], verdict: FeverVerdict, first: FeverVerdict) => void = () => undefined,
  history: readonly Reading[] = [],
): Reading[] {
  let window: Reading[] = [];
  const normal: Reading[] = [];
  for (const person of day.people) {
    const rng = seededRandom(daySeed).fork(person.index);
    const reading = (minutesLater: number): Reading => {
      const minute = person.arrivalMinute + minutesLater;
      return {
        valueC: foreheadReadingC(day, person, minutesLater, rng),
        source: 'infrared',
        at: isoAt(minute),
        ambientC: Math.round(airAt(day, person, minute) * 10) / 10,
        ...(day.site === 'forehead' ? {} : { site: day.site }),
      };
    };
    const readings: Reading[] = [reading(0)];
    count(fixed, person, readings[0]!.valueC >= config.thresholdC);

    const decide = (): FeverVerdict =>
      decideFever({
        readings,
        ambientC: readings.at(-1)!.ambientC,
        calibration: day.calibration,
        recentNormal: window,
        history,
        config,
      });
    let verdict = decide();
    const first = verdict;
    if (verdict.reliability.level === 'unreliable') checkpoint.screenedUnreliable++;
    if (verdict.verdict === 're-measure') {
      checkpoint.reMeasures++;
      readings.push(reading(RE_MEASURE_AFTER_MIN));
      verdict = decide();
    }
    if (verdict.verdict === 'axillary-needed') {
      checkpoint.axillaryChecks++;
      if (person.febrile) checkpoint.axillaryChecksFebrile++;
      readings.push({
        valueC: axillaryReadingC(person, rng, day.model),
        source: 'axillary',
        at: isoAt(person.arrivalMinute + AXILLARY_AFTER_MIN),
        ambientC: readings[0]!.ambientC,
      });
      verdict = decide();
    }
    count(checkpoint, person, verdict.verdict === 'fever');
    onPerson(person, readings, verdict, first);
    const contribution = baselineContribution(readings, verdict);
    if (contribution) {
      window = pushNormalReading(window, contribution, config);
      normal.push(contribution);
    }
  }
  return normal;
}

/** A day's normal readings as the next day's history: the same clock times, a day earlier. */
const asYesterday = (readings: readonly Reading[]): Reading[] =>
  readings.map((r) => ({ ...r, at: new Date(Date.parse(r.at) - 86_400_000).toISOString() }));

export function wilson(successes: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.96;
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/**
 * Axillary checks per 100 people had the fever prevalence been `prevalence`: febrile and healthy
 * people's check rates, weighted anew.
 */
export function axillaryPer100At(t: Tally, prevalence: number): number {
  const healthy = share(t.axillaryChecks - t.axillaryChecksFebrile, t.people - t.febrile);
  return 100 * ((1 - prevalence) * healthy + prevalence * share(t.axillaryChecksFebrile, t.febrile));
}

export function metricsOf(t: Tally): RuleMetrics {
  const afebrile = t.people - t.febrile;
  return {
    ...t,
    sensitivity: share(t.detected, t.febrile),
    sensitivityCi: wilson(t.detected, t.febrile),
    sensitivityHigh: share(t.detectedHigh, t.febrileHigh),
    sensitivityHighCi: wilson(t.detectedHigh, t.febrileHigh),
    sensitivityLow: share(t.detected - t.detectedHigh, t.febrile - t.febrileHigh),
    falseAlarmRate: afebrile === 0 ? 0 : t.falseAlarms / afebrile,
    axillaryPer100: t.people === 0 ? 0 : (100 * t.axillaryChecks) / t.people,
    reMeasurePer100: t.people === 0 ? 0 : (100 * t.reMeasures) / t.people,
    unreliableShare: t.people === 0 ? 0 : t.screenedUnreliable / t.people,
  };
}

const emptyStart = (): StartTally => ({ people: 0, febrile: 0, detected: 0, axillaryChecks: 0, axillaryChecksFebrile: 0 });

function startMetrics(t: StartTally, days: number): StartMetrics {
  return {
    ...t,
    perDay: days === 0 ? 0 : t.people / days,
    axillaryPer100: t.people === 0 ? 0 : (100 * t.axillaryChecks) / t.people,
  };
}

/**
 * Consecutive days at one gate in one band of outdoor temperature: each day's normal readings are
 * the next day's history, so yesterday's baseline stands in where the kiosk would use it (the first
 * day has none, and a day whose air at that hour differs by more than 2 °C cannot use it).
 */
export function evaluateBand(bandC: { min: number; max: number }, options: EvaluationOptions): BandResult {
  const config = options.config ?? communityRuleConfig();
  const fixed = emptyTally();
  const checkpoint = emptyTally();
  const judgedOn = Object.fromEntries(JUDGED_ON.map((k) => [k, emptyStart()])) as Record<JudgedOn, StartTally>;
  const onPerson = (person: Person, readings: readonly Reading[], verdict: FeverVerdict, first: FeverVerdict): void => {
    const t = judgedOn[first.flagAtFrom];
    const checked = readings.some((r) => r.source === 'axillary');
    t.people++;
    if (checked) t.axillaryChecks++;
    if (person.febrile) {
      t.febrile++;
      if (checked) t.axillaryChecksFebrile++;
      if (verdict.verdict === 'fever') t.detected++;
    }
  };
  let history: Reading[] = [];
  const bandRng = seededRandom(options.seed).fork(bandC.min * 1000 + bandC.max);
  for (let d = 0; d < options.daysPerBand; d++) {
    const daySeed = Math.floor(bandRng.next() * 2 ** 32);
    const day = simulateDay(daySeed, {
      bandC,
      peoplePerDay: options.peoplePerDay,
      prevalence: options.prevalence,
      fieldScatterSdC: options.fieldScatterSdC ?? 0,
    });
    history = asYesterday(runDay(day, daySeed, config, fixed, checkpoint, onPerson, history));
  }
  return {
    bandC,
    fixed: metricsOf(fixed),
    checkpoint: metricsOf(checkpoint),
    judgedOn: Object.fromEntries(JUDGED_ON.map((k) => [k, startMetrics(judgedOn[k], options.daysPerBand)])) as Record<
      JudgedOn,
      StartMetrics
    >,
  };
}

export function evaluate(options: EvaluationOptions): BandResult[] {
  return AMBIENT_BANDS.map((band) => evaluateBand(band, options));
}
