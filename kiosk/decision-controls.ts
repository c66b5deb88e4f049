import type { MessageKey } from './messages.ts';
import { hadHighReading, type Assessment, type PersonScreening } from './screening.ts';

/** A control the guard can use, or one that is off and says why. */
export type ControlState = { enabled: true } | { enabled: false; why: MessageKey };

export interface DecisionControls {
  /** Admit — or, when going out is blocked, let out with the written reason (same place on screen). */
  admit: ControlState & { override: boolean };
  deny: ControlState;
  refer: ControlState;
  /** Give up on the person on screen: logged as abandoned. */
  abandon: ControlState;
}

const ON: ControlState = { enabled: true };
const off = (why: MessageKey): ControlState => ({ enabled: false, why });

/** Why the temperature does not yet allow letting the person through. */
function temperatureBlock(person: PersonScreening, assessment: Assessment): MessageKey | null {
  if (person.readings.length === 0) return 'whyNoReading';
  switch (assessment.fever.verdict) {
    case 'normal':
      return null;
    case 're-measure':
      return 'whyRemeasure';
    case 'axillary-needed':
      return 'whyAxillary';
    case 'fever':
      return 'whyFever';
  }
}

/**
 * The decision bar's state for the person on screen: which decisions the guard can take now, and
 * for each one that is off, the reason shown on it.
 */
export function decisionControls(
  current: { person: PersonScreening; assessment: Assessment } | null,
  saving: boolean,
  overrideReason: string,
): DecisionControls {
  if (!current) {
    const idle = off('whyNoPerson');
    return { admit: { ...idle, override: false }, deny: idle, refer: idle, abandon: idle };
  }
  if (saving) {
    const busy = off('whySaving');
    return { admit: { ...busy, override: current.assessment.exitBlocked }, deny: busy, refer: busy, abandon: busy };
  }
  const { person, assessment } = current;
  const temperature = temperatureBlock(person, assessment);
  const override = assessment.exitBlocked;
  const admitWhy = temperature ?? (override && !overrideReason.trim() ? 'whyReasonMissing' : null);
  const referWhy = person.readings.length === 0 ? 'whyNoReading' : hadHighReading(assessment) ? null : 'whyReferHigh';
  return {
    admit: { ...(admitWhy ? off(admitWhy) : ON), override },
    deny: ON,
    refer: referWhy ? off(referWhy) : ON,
    abandon: ON,
  };
}

/**
 * Why this person will not be admitted by a normal reading alone (empty: a normal reading admits
 * without a touch). Shown on the person, so the guard sees why one resident waits for a tap in the
 * cold while the next walks through.
 */
export function tapReasons(person: PersonScreening, assessment: Assessment): MessageKey[] {
  const reasons: MessageKey[] = [];
  if (person.identity.personId === null && person.identity.category !== 'visitor') reasons.push('tap_not_on_roster');
  if (assessment.watch.length > 0) reasons.push('tap_watch');
  if (assessment.exitBlocked) reasons.push('tap_exit_blocked');
  if (assessment.riskQuestions.length > 0) reasons.push('tap_risk_answer');
  if (person.mask === 'not-worn') reasons.push('tap_no_mask');
  const fever = assessment.fever;
  if (person.readings.length > 0 && fever.reliability.level === 'unreliable') reasons.push('tap_unreliable');
  if (fever.verdict === 'normal' && fever.reason !== 'below-threshold') reasons.push('tap_after_remeasure');
  return reasons;
}
