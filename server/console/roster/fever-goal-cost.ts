import type { MeasuringSite } from '../../../protocol/common.ts';
import {
  DEFAULT_FEVER_GOAL,
  SCREENING_MODEL,
  marginCost,
  marginForGoal,
  shareFound,
  type FeverGoal,
} from '../../../protocol/fever-goal.ts';

/** What a goal (or a fixed margin) costs at one measuring site, for a crowd as spread as the site model's. */
export interface SiteCost {
  site: MeasuringSite;
  /** Re-measure from this far above the baseline. */
  marginC: number;
  /** The community's "above baseline, at most" held the margin down. */
  capped: boolean;
  /** Share of the goal's fevers that read that far above. */
  found: number;
  /** Healthy people per 100 who read that far above. */
  armpitChecksPer100: number;
}

/** Best site first: the order the rules page advises them in. */
const SITES: readonly MeasuringSite[] = ['face-max', 'inner-canthus', 'forehead'];

/** The kiosk's own arithmetic (protocol/fever-goal.ts), with the site model's spread standing in for a gate's. */
export function goalCosts(goal: FeverGoal | null, ceilingC: number): SiteCost[] {
  return SITES.map((site) => {
    const spreadC = SCREENING_MODEL.sites[site].healthySpreadC;
    const wanted = goal ? marginForGoal(site, spreadC, goal).marginC : ceilingC;
    const capped = goal !== null && wanted > ceilingC;
    const { marginC, armpitChecksPer100 } = marginCost(Math.min(wanted, ceilingC), spreadC);
    const found = shareFound(SCREENING_MODEL.sites[site], SCREENING_MODEL, goal ?? DEFAULT_FEVER_GOAL, spreadC, marginC);
    return { site, marginC, capped, found, armpitChecksPer100 };
  });
}
