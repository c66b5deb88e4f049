import MultivariateLinearRegression from 'ml-regression-multivariate-linear';
import { FEVER_ORAL_C } from './fit.ts';
import { cellNumber, readTable } from './real-data.ts';
import { REPORT_PREVALENCE } from './real-evaluation.ts';
import { armpitOf } from './replay.ts';
import { seededRandom } from './seeded-random.ts';

/**
 * Could any rule on these readings reach issue 19's ≥ 37.5 °C target within the armpit-check budget?
 * A bound, not a rule: a linear model of the oral temperature from every reading the camera took in
 * round 1 (every face region, not only the site a device sees), the room, humidity and distance,
 * with its flag line put where the armpit checks per 100 just meet the budget — the line chosen
 * knowing who had a fever. In-sample the model is also fitted on the people it is judged on; held
 * out it is fitted on the other folds. Both flatter it, so what it cannot reach, no rule the kiosk
 * could run on one of these sites reaches either. The community's armpit line still decides who is
 * found.
 */

export interface Observation {
  oralC: number;
  features: number[];
}

export interface OperatingPoint {
  /** Fevers ≥ 37.5 by mouth sent to the armpit check. */
  sent: number;
  /** …and whose armpit reading then reaches the community's line. */
  found: number;
  armpitPer100: number;
}

export interface UpperBound {
  people: number;
  fevers: number;
  features: string[];
  /** Fevers ≥ 37.5 whose armpit reading reaches the line at all. */
  ceiling: number;
  inSample: OperatingPoint;
  heldOut: OperatingPoint;
}

/**
 * The named columns, or by default the camera's round-1 columns (from T_offset1 to the first empty
 * column), the room and the set-up; people missing any of them are left out.
 */
export function readObservations(path: string, columns?: readonly string[]): { features: string[]; observations: Observation[] } {
  const { header, rows } = readTable(path);
  const start = header.indexOf('T_offset1');
  const end = header.indexOf('', start);
  const camera = start < 0 ? [] : header.slice(start, end < 0 ? undefined : end);
  const features = (columns ?? [...camera, 'T_atm', 'Humidity', 'Distance']).filter((name) => header.includes(name));
  const observations = rows.flatMap((row) => {
    const oralC = cellNumber(header, row, 'aveOralM');
    const values = features.map((name) => cellNumber(header, row, name));
    return Number.isFinite(oralC) && values.every(Number.isFinite) ? [{ oralC, features: values }] : [];
  });
  return { features, observations };
}

/** The lowest flag line whose armpit checks per 100 (at the report's prevalence) stay within the budget. */
export function operatingPoint(
  predicted: readonly number[],
  observations: readonly Observation[],
  options: { budgetPer100: number; armpitLineC: number },
): OperatingPoint {
  const fever = observations.map((o) => o.oralC >= FEVER_ORAL_C);
  const fevers = fever.filter(Boolean).length;
  const healthy = observations.length - fevers;
  const order = predicted.map((_, i) => i).sort((a, b) => predicted[b]! - predicted[a]!);
  const per100 = (sentHealthy: number, sentFevers: number): number =>
    100 * ((1 - REPORT_PREVALENCE) * (sentHealthy / healthy) + REPORT_PREVALENCE * (sentFevers / fevers));
  let best: OperatingPoint = { sent: 0, found: 0, armpitPer100: 0 };
  let sentHealthy = 0;
  let sentFevers = 0;
  let found = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (fever[i]) {
      sentFevers++;
      if (armpitOf(observations[i]!) >= options.armpitLineC) found++;
    } else sentHealthy++;
    // A line can only fall between two different predictions.
    const next = order[k + 1];
    if (next !== undefined && predicted[next] === predicted[i]) continue;
    const cost = per100(sentHealthy, sentFevers);
    if (cost > options.budgetPer100) break;
    best = { sent: sentFevers / fevers, found: found / fevers, armpitPer100: cost };
  }
  return best;
}

function fitAndPredict(train: readonly Observation[], test: readonly Observation[]): number[] {
  const model = new MultivariateLinearRegression(
    train.map((o) => o.features),
    train.map((o) => [o.oralC]),
  );
  return model.predict(test.map((o) => o.features)).map((row) => row[0]!);
}

export function upperBound(
  observations: readonly Observation[],
  features: readonly string[],
  options: { budgetPer100: number; armpitLineC: number; folds: number; seed: number },
): UpperBound {
  const inSample = operatingPoint(fitAndPredict(observations, observations), observations, options);
  const random = seededRandom(options.seed);
  const fold = observations.map(() => Math.floor(random.next() * options.folds));
  const heldOutPredictions = new Array<number>(observations.length);
  for (let f = 0; f < options.folds; f++) {
    const test = observations.flatMap((o, i) => (fold[i] === f ? [i] : []));
    if (test.length === 0) continue;
    const predicted = fitAndPredict(
      observations.filter((_, i) => fold[i] !== f),
      test.map((i) => observations[i]!),
    );
    test.forEach((i, k) => (heldOutPredictions[i] = predicted[k]!));
  }
  const fevers = observations.filter((o) => o.oralC >= FEVER_ORAL_C);
  return {
    people: observations.length,
    fevers: fevers.length,
    features: [...features],
    ceiling: fevers.filter((o) => armpitOf(o) >= options.armpitLineC).length / fevers.length,
    inSample,
    heldOut: operatingPoint(heldOutPredictions, observations, options),
  };
}
