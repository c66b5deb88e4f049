import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FEVER_RULE_DEFAULTS } from '../kiosk/fever-rule.ts';
import { evaluate, type BandResult, type RuleMetrics } from './screening/evaluate.ts';
import { MODEL } from './screening/population.ts';
import { screeningSvg } from './screening/plot-svg.ts';

/**
 * npm run screening-eval [-- --seed 2 --days 100 --people 800 --prevalence 0.01 --update-docs]
 *
 * The rule's tunable defaults were chosen on seed 1; the report seed is 2, so the figures are not
 * fitted to the data they are reported on.
 */
const TUNING_SEED = 1;

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '2' },
    days: { type: 'string', default: '100' },
    people: { type: 'string', default: '800' },
    prevalence: { type: 'string', default: String(MODEL.prevalence) },
    'update-docs': { type: 'boolean', default: false },
  },
});

function positive(name: string, text: string | undefined, integer: boolean): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    console.error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
}

const seed = positive('seed', values.seed, true);
const daysPerBand = positive('days', values.days, true);
const peoplePerDay = positive('people', values.people, true);
const prevalence = positive('prevalence', values.prevalence, false);
if (prevalence >= 1) {
  console.error('--prevalence must be below 1');
  process.exit(2);
}

const results = evaluate({ seed, daysPerBand, peoplePerDay, prevalence });

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(6);
const row = (m: RuleMetrics): string => `${pct(m.sensitivity)} ${pct(m.falseAlarmRate)} ${m.axillaryPer100.toFixed(1).padStart(5)}`;
const meets = (m: RuleMetrics): string =>
  [m.sensitivity >= 0.95 ? '' : 'sens', m.falseAlarmRate <= 0.05 ? '' : 'FA', m.axillaryPer100 <= 5 ? '' : 'axil'].filter(Boolean).join(',') || 'all met';

console.log(`Fever screening, seed ${seed}${seed === TUNING_SEED ? ' (the TUNING seed: report figures from another seed)' : ''}, ${daysPerBand} days × ${peoplePerDay} people per band, prevalence ${prevalence}`);
console.log('ambient  | fixed 37.3 °C forehead  | Checkpoint rule                          | febrile | targets missed (Checkpoint)');
console.log('°C       |   sens  false  axil/100 |   sens  false  axil/100  re-meas unreliable|         |');
for (const b of results) {
  const c = b.checkpoint;
  console.log(
    `${`${b.bandC.min}–${b.bandC.max}`.padEnd(8)} | ${row(b.fixed)}     | ${row(c)}     ${c.reMeasurePer100.toFixed(1).padStart(5)}   ${pct(c.unreliableShare)}    | ${String(c.febrile).padStart(7)} | ${meets(c)}`,
  );
}

const report = {
  generatedBy: 'npm run screening-eval',
  seed,
  tuningSeed: TUNING_SEED,
  daysPerBand,
  peoplePerDay,
  prevalence,
  rule: FEVER_RULE_DEFAULTS,
  model: MODEL,
  targets: { sensitivityMin: 0.95, falseAlarmRateMax: 0.05, axillaryPer100Max: 5 },
  bands: results satisfies BandResult[],
};

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'bench/results');
mkdirSync(outDir, { recursive: true });
const svg = screeningSvg(results, `Simulated: seed ${seed}, ${daysPerBand} days × ${peoplePerDay} people per 5 °C band, fever prevalence ${prevalence}. npm run screening-eval`);
writeFileSync(resolve(outDir, 'screening.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(resolve(outDir, 'screening.svg'), svg);
console.log(`wrote bench/results/screening.json and bench/results/screening.svg`);
if (values['update-docs']) {
  writeFileSync(resolve(root, 'docs/screening.svg'), svg);
  console.log('wrote docs/screening.svg');
}
