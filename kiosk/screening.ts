import type {
  Direction,
  EntryFlag,
  MaskCheck,
  Reading,
  RosterSnapshot,
  ScanPayload,
  VehicleLink,
  VisitorDetails,
} from '../protocol/index.ts';
import {
  decideFever,
  FEVER_RULE_DEFAULTS,
  type CalibrationState,
  type FeverRuleConfig,
  type FeverVerdict,
} from './fever-rule/fever-rule.ts';
import { learntOffsetFor, type GateHistory } from './fever-rule/gate-history.ts';
import type { Identity } from './identify.ts';
import { EXIT_BLOCKING, WATCH_FLAG, watchFor, type WatchStatus } from './watch-status.ts';

/** How long a flagged person waits before the re-measure: skin warmed by the sun or cooled by wind settles. */
export const REMEASURE_WAIT_MS = 10_000;

/** One person in front of the guard, from identification to decision. */
export interface PersonScreening {
  startedAt: number;
  scan: ScanPayload | null;
  identity: Identity;
  /** The household the person belongs to or (visitors) is visiting, for watch-list look-ups. */
  householdId: string | null;
  visitor: VisitorDetails | null;
  vehicle: VehicleLink | null;
  direction: Direction;
  mask: MaskCheck;
  answers: Record<string, boolean>;
  readings: Reading[];
  /** A re-measure taken before this instant is too soon and is not used. */
  remeasureAfter: number | null;
}

export interface ScreeningContext {
  roster: RosterSnapshot | undefined;
  recentNormal: readonly Reading[];
  /** The gate's own log: yesterday's normal readings and the armpit pairs (absent: none yet). */
  history?: GateHistory;
  calibration: CalibrationState;
  today: string;
}

export interface Assessment {
  fever: FeverVerdict;
  watch: WatchStatus[];
  flags: EntryFlag[];
  exitBlocked: boolean;
  riskQuestions: string[];
  /** Admit is possible (an exit block still needs the guard's recorded reason). */
  canAdmit: boolean;
  /** Nothing for the guard to do: a known person, nothing flagged, a normal reading. */
  autoAdmit: boolean;
}

export function ruleConfig(roster: RosterSnapshot | undefined): FeverRuleConfig {
  if (!roster) return FEVER_RULE_DEFAULTS;
  return {
    ...FEVER_RULE_DEFAULTS,
    thresholdC: roster.rules.feverThresholdC,
    baselineOffsetC: roster.rules.baselineOffsetC,
    goal: roster.rules.goal,
  };
}

export function assess(screening: PersonScreening, context: ScreeningContext): Assessment {
  const screeningReadings = screening.readings.filter((r) => r.source !== 'axillary');
  const ambientC = screeningReadings.at(-1)?.ambientC ?? null;
  const config = ruleConfig(context.roster);
  const site = screeningReadings[0]?.site ?? 'forehead';
  const fever = decideFever({
    readings: screening.readings,
    ambientC,
    calibration: context.calibration,
    recentNormal: context.recentNormal,
    history: context.history?.normal ?? [],
    learntOffset: context.history
      ? learntOffsetFor(context.history, site, config.model, screeningReadings[0]?.calibratedAt)
      : null,
    config,
  });
  const watch = watchFor(screening.identity.personId, screening.householdId, context.roster, context.today);
  const questions = context.roster?.questionSet?.questions ?? [];
  const riskQuestions = questions.filter((q) => screening.answers[q.id] === q.riskAnswer).map((q) => q.id);

  const flags = new Set<EntryFlag>(screening.identity.flags);
  if (fever.verdict === 'fever') flags.add('fever');
  for (const status of watch) flags.add(WATCH_FLAG[status.entry.kind]);
  if (riskQuestions.length > 0) flags.add('risk-answer');
  if (screening.mask === 'not-worn') flags.add('no-mask');

  const exitBlocked = screening.direction === 'out' && watch.some((s) => EXIT_BLOCKING.has(s.entry.kind));
  const measured = screening.readings.length > 0 && fever.verdict === 'normal';
  const known = screening.identity.personId !== null || screening.identity.category === 'visitor';
  return {
    fever,
    watch,
    flags: [...flags],
    exitBlocked,
    riskQuestions,
    canAdmit: measured,
    autoAdmit:
      measured &&
      known &&
      flags.size === 0 &&
      fever.reason === 'below-threshold' &&
      fever.reliability.level === 'reliable' &&
      screening.mask !== 'not-worn' &&
      !exitBlocked,
  };
}

/** Whether a screening reached a reading the rule flagged (what makes an abandoned entry a fever case). */
export function hadHighReading(assessment: Assessment): boolean {
  return assessment.fever.verdict === 'fever' || assessment.fever.flaggedBy !== null;
}

/**
 * Whether a new infrared reading may join this person's readings now. After a flagged reading
 * the next one must wait; afterwards every reading is kept, so the record shows them all.
 */
export function acceptsReading(screening: PersonScreening, now: number): 'accept' | 'too-soon' {
  if (screening.remeasureAfter !== null && now < screening.remeasureAfter) return 'too-soon';
  return 'accept';
}
