import type { MeasuringSite } from '../../protocol/index.ts';
import { median, robustSpread } from '../../kiosk/fever-rule/baseline.ts';
import { SCREENING_MODEL } from '../../protocol/fever-goal.ts';
import type { FeverRuleConfig } from '../../kiosk/fever-rule/fever-rule.ts';
import { communityRuleConfig, emptyTally, runDay } from './evaluate.ts';
import { fitPopulation, type PopulationFit } from './fit.ts';
import { meanOffsetC, refitPopulation, simulateDay } from './population.ts';
import { ORAL_ABOVE_ARMPIT_C, type Subject } from './real-data.ts';
import { folds, replay, type ReplayedPerson } from './replay.ts';
import { seededRandom } from './seeded-random.ts';

/**
 * Simulation against replay where both exist: 20–29 °C rooms. On each cross-validation fold the
 * population model is refitted on the other folds (refitPopulation), people are simulated as the
 * data measured them (settled in the room, the device calibrated as the replay's), and both go
 * through the same rule with that fold's site model; the held-out fold is replayed. The figures
 * compared are the ones the refitted parameters decide: the healthy spread, the armpit checks healthy
 * people cost, the share of fevers of 38.0 °C by mouth sent to the armpit, what the re-measure clears.
 */

/** The simulation's bands that the real rooms cover. */
export const OVERLAP_BANDS: readonly { min: number; max: number }[] = [
  { min: 20, max: 25 },
  { min: 25, max: 30 },
];

/** Both sides on one scale, the armpit's: healthy under 37.5 °C by mouth, a high fever 38.0 or more. */
const HEALTHY_BELOW_C = 37.5 - ORAL_ABOVE_ARMPIT_C;
const HIGH_FROM_C = 38.0 - ORAL_ABOVE_ARMPIT_C;

interface Outcome {
  bodyC: number;
  ambientC: number;
  firstC: number;
  sent: boolean;
  reMeasured: boolean;
  cleared: boolean;
}

export interface Comparable {
  people: number;
  highFevers: number;
  /** Robust spread of healthy first readings, brought to one room temperature. */
  healthySpreadC: number;
  /** Healthy people sent to the armpit, per 100 healthy people. */
  healthyArmpitPer100: number;
  /** Share of fevers ≥ 38.0 °C by mouth the screen sent to the armpit. */
  highSent: number;
  /** Share of re-measured people the re-measure cleared. */
  reMeasureCleared: number;
}

export interface AgreementRow {
  site: MeasuringSite;
  bandC: { min: number; max: number };
  sim: Comparable;
  real: Comparable;
}

function summarise(outcomes: readonly Outcome[], ambientSlope: number): Comparable {
  const healthy = outcomes.filter((o) => o.bodyC < HEALTHY_BELOW_C);
  const high = outcomes.filter((o) => o.bodyC >= HIGH_FROM_C);
  const reMeasured = outcomes.filter((o) => o.reMeasured);
  const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
  return {
    people: outcomes.length,
    highFevers: high.length,
    healthySpreadC: robustSpread(healthy.map((o) => o.firstC - ambientSlope * (o.ambientC - 24))),
    healthyArmpitPer100: 100 * share(healthy.filter((o) => o.sent).length, healthy.length),
    highSent: share(high.filter((o) => o.sent).length, high.length),
    reMeasureCleared: share(reMeasured.filter((o) => o.cleared).length, reMeasured.length),
  };
}

const inBand = (ambientC: number, band: { min: number; max: number }): boolean => ambientC >= band.min && ambientC < band.max;

/**
 * Simulated people through the rule, each settled in one of the training people's rooms and met in
 * random order as the replay meets the real ones (a baseline mixes rooms within its ±2 °C).
 */
function simulated(
  site: MeasuringSite,
  fit: PopulationFit,
  config: FeverRuleConfig,
  rooms: readonly number[],
  options: { days: number; people: number; seed: number },
): Outcome[] {
  const figures = fit.sites[site];
  const model = refitPopulation({ ...figures, healthyBodySdC: fit.healthyBodySdC });
  // Calibrated as the replay is: healthy people at the data's typical room read their median armpit temperature.
  const calibrationBiasC = fit.healthyBodyC - model.afebrileCoreMeanC - meanOffsetC(median(rooms), model);
  const rng = seededRandom(options.seed);
  const outcomes: Outcome[] = [];
  for (let d = 0; d < options.days; d++) {
    const daySeed = Math.floor(rng.next() * 2 ** 32);
    // The real data holds about one fever in ten: the simulation matches it, so baselines see the same crowd.
    const day = simulateDay(daySeed, {
      bandC: { min: Math.min(...rooms), max: Math.max(...rooms) },
      peoplePerDay: options.people,
      prevalence: 0.1,
      model,
      site,
      settled: { calibrationBiasC, remeasureRiseC: figures.remeasureRiseC, rooms },
    });
    runDay(day, daySeed, config, emptyTally(), emptyTally(), (person, readings, verdict) => {
      const screening = readings.filter((r) => r.source !== 'axillary');
      outcomes.push({
        bodyC: person.coreC,
        ambientC: person.roomC ?? screening[0]!.ambientC ?? Number.NaN,
        firstC: screening[0]!.valueC,
        sent: readings.some((r) => r.source === 'axillary'),
        reMeasured: screening.length > 1,
        cleared: screening.length > 1 && verdict.reason === 'normal-on-re-measure',
      });
    });
  }
  return outcomes;
}

function replayed(person: ReplayedPerson): Outcome {
  const screening = person.readings.filter((r) => r.source !== 'axillary');
  return {
    bodyC: person.subject.oralC - ORAL_ABOVE_ARMPIT_C,
    ambientC: person.subject.ambientC,
    firstC: screening[0]!.valueC,
    sent: person.readings.some((r) => r.source === 'axillary'),
    reMeasured: screening.length > 1,
    cleared: screening.length > 1 && person.verdict.reason === 'normal-on-re-measure',
  };
}

export function simulationAgainstReplay(
  subjects: readonly Subject[],
  sites: readonly MeasuringSite[],
  options: { folds: number; seed: number; days: number; people: number },
): AgreementRow[] {
  const parts = folds(subjects, options.folds, options.seed);
  const rows: AgreementRow[] = [];
  for (const site of sites) {
    const sim: Outcome[] = [];
    const real: Outcome[] = [];
    let slope = 0;
    parts.forEach((heldOut, k) => {
      const training = parts.filter((_, j) => j !== k).flat();
      const fit = fitPopulation(training, SCREENING_MODEL);
      slope += fit.sites[site].ambientSlope / parts.length;
      const config: FeverRuleConfig = { ...communityRuleConfig(), model: fit };
      const run = replay(heldOut, { site, config, calibrationC: fit.sites[site].calibrationC, seed: options.seed * 100 + k });
      real.push(...run.people.map(replayed));
      const rooms = training.map((s) => s.ambientC);
      sim.push(
        ...simulated(site, fit, config, rooms, { days: options.days, people: options.people, seed: options.seed * 1000 + k }),
      );
    });
    for (const bandC of OVERLAP_BANDS) {
      const here = (o: Outcome): boolean => inBand(o.ambientC, bandC);
      rows.push({ site, bandC, sim: summarise(sim.filter(here), slope), real: summarise(real.filter(here), slope) });
    }
  }
  return rows;
}
