import { z } from 'zod';
import { FeverGoal } from './fever-goal.ts';

const Share = z.number().min(0).max(1);

/** How the rule did at one measuring site on the held-out real readings. */
export const SiteFigures = z.object({
  /** Share of fevers of 38.0 °C or more by mouth the rule found. */
  highFound: Share,
  /** Share of fevers of 37.5 °C or more by mouth the rule found. */
  found: Share,
  /** Armpit checks per 100 people, at 1 % of them having a fever. */
  armpitPer100: z.number().nonnegative(),
  falseAlarms: Share,
});
export type SiteFigures = z.infer<typeof SiteFigures>;

/**
 * The real-data figures the console's rules page advises a community with (which device to buy),
 * written by `npm run screening-eval -- --update-docs` to bench/screening/figures.json, so the
 * advice always carries the figures and the date of the last evaluation, never figures typed in.
 */
export const ScreeningFigures = z.object({
  /** The day the evaluation ran (UTC). */
  date: z.iso.date(),
  people: z.number().int().positive(),
  folds: z.number().int().positive(),
  /** The goal the kiosk shipped with when the figures were taken. */
  goal: FeverGoal,
  sites: z.object({ 'face-max': SiteFigures, 'inner-canthus': SiteFigures, forehead: SiteFigures }),
});
export type ScreeningFigures = z.infer<typeof ScreeningFigures>;
