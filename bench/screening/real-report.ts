import type { MeasuringSite } from '../../protocol/index.ts';
import type { RealMetrics, SiteResult } from './real-evaluation.ts';

/** Issue 19's targets for the hottest face point and the inner eye corner. */
export const REAL_TARGETS = {
  highFoundMin: 0.95,
  foundMin: 0.85,
  armpitPer100Max: 8,
  falseAlarmsMax: 0.02,
  minFeversPerBand: 20,
};

export const SITE_LABEL: Record<MeasuringSite, string> = {
  forehead: 'forehead spot (T_FHCC: a gun, an MLX90614)',
  'face-max': 'hottest face point (T_Max: a thermal array, the MLX90640)',
  'inner-canthus': 'inner eye corner (canthiMax: a thermal camera)',
};

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`.padStart(4);
const ci = ([lo, hi]: [number, number], digits = 0): string =>
  `${(100 * lo).toFixed(digits)}–${(100 * hi).toFixed(digits)}`.padEnd(7);

/** Which targets a row misses; a band with fewer fevers than the targets ask for is judged on its armpit checks and false alarms only. */
export function missedTargets(m: RealMetrics, judgeFevers: boolean): string[] {
  const missed: string[] = [];
  if (judgeFevers && m.highFevers >= REAL_TARGETS.minFeversPerBand && m.highFound < REAL_TARGETS.highFoundMin) missed.push('≥38');
  if (judgeFevers && m.fevers >= REAL_TARGETS.minFeversPerBand && m.found < REAL_TARGETS.foundMin) missed.push('≥37.5');
  if (m.armpitPer100 > REAL_TARGETS.armpitPer100Max) missed.push('armpit');
  if (m.falseAlarms > REAL_TARGETS.falseAlarmsMax) missed.push('false');
  return missed;
}

function row(label: string, m: RealMetrics): string {
  const fixed = `${pct(m.fixed.found)} ${pct(m.fixed.highFound)} ${(100 * m.fixed.falseAlarms).toFixed(1).padStart(5)}%`;
  const rule = [
    `${pct(m.found)} (${ci(m.foundCi)}) ${pct(m.sent)}`,
    `${pct(m.highFound)} (${ci(m.highFoundCi)})`,
    `${(100 * m.falseAlarms).toFixed(1).padStart(4)}% (${ci(m.falseAlarmsCi, 1)})`,
    `${m.armpitPer100.toFixed(1).padStart(5)} (${m.armpitPer100Ci[0].toFixed(1)}–${m.armpitPer100Ci[1].toFixed(1)})`.padEnd(18),
    `${String(m.people).padStart(4)} ${String(m.fevers).padStart(4)} ${String(m.highFevers).padStart(4)}`,
  ].join(' | ');
  const missed = missedTargets(m, true);
  return `${label.padEnd(8)}| ${fixed} | ${rule} | ${missed.length === 0 ? 'none' : missed.join(', ')}`;
}

export function printSite(title: string, result: SiteResult): void {
  console.log('');
  console.log(`${title}: ${SITE_LABEL[result.site]}`);
  console.log(
    'room °C | fixed 37.3 °C: ≥37.5 ≥38.0 false | Checkpoint: ≥37.5 found (95% CI) sent | ≥38.0 found (95% CI) | false alarms (CI) | armpit/100 at 1% (CI) | people fevers ≥38 | targets missed',
  );
  for (const b of result.bands) if (b.metrics.people > 0) console.log(row(`${b.bandC.min}–${b.bandC.max}`, b.metrics));
  console.log(row('all', result.all));
  const start = result.all.beforeBaseline;
  console.log(
    `  cold start, apart: ${start.people} people judged before a baseline existed (the first of each replayed session; rooms, so the threshold stood in), ${start.armpitPer100.toFixed(1)} armpit checks per 100 of them (counted in the rows above)`,
  );
}

export const REAL_LEGEND = [
  'Fevers are by mouth (aveOralM): ≥37.5 and ≥38.0 °C; healthy = under 37.5. The oral reading stands in for the guard’s armpit',
  'reading: the armpit threshold 37.3 °C is compared as its oral equivalent, 37.6 °C (oral runs about 0.3 °C above the armpit),',
  'so a fever of 37.5–37.59 by mouth is below the community’s own line and is never “found”; “sent” is the share the screen sent',
  'to the armpit reading. Readings are calibrated so that healthy people read their median armpit temperature; the fixed rule',
  'flags a first reading ≥ 37.3 °C. Armpit checks are rescaled to 1 % of people with a fever. Bands with fewer than 20 fevers',
  'of a kind are not judged against that kind’s target.',
];
