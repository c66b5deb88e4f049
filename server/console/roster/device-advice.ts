import figuresFile from '../../../bench/screening/figures.json';
import { ScreeningFigures } from '../../../protocol/screening-figures.ts';
import type { RosterMessages } from '../i18n/roster-messages.ts';
import { fillTemplate } from '../shared/fill-template.ts';

/** Oral runs about 0.3 °C above the armpit (bench/screening/real-data.ts): the goal as a clinician says it. */
const ORAL_ABOVE_ARMPIT_C = 0.3;

/** The last evaluation's real-data figures (`npm run screening-eval -- --update-docs`), checked as it loads. */
export const ADVICE_FIGURES: ScreeningFigures = ScreeningFigures.parse(figuresFile);

const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** The rules page's measured comparison of the sites, in the page's language, from the evaluation's figures. */
export function measuredAdvice(m: RosterMessages, figures: ScreeningFigures = ADVICE_FIGURES): string {
  const { sites, goal } = figures;
  return fillTemplate(m.advice2, {
    date: figures.date,
    people: figures.people.toLocaleString('en'),
    share: percent(goal.findShare),
    oralC: (goal.feverC + ORAL_ABOVE_ARMPIT_C).toFixed(1),
    faceFound: percent(sites['face-max'].highFound),
    faceChecks: sites['face-max'].armpitPer100.toFixed(0),
    canthusFound: percent(sites['inner-canthus'].highFound),
    canthusChecks: sites['inner-canthus'].armpitPer100.toFixed(0),
    foreheadFound: percent(sites.forehead.highFound),
    foreheadChecks: sites.forehead.armpitPer100.toFixed(0),
  });
}
