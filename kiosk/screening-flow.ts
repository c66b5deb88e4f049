import type {
  AbandonReason,
  Decision,
  Direction,
  HardwareCommand,
  Reading,
  RosterSnapshot,
  ScanPayload,
  TemperatureReading,
  ThermalFrame,
} from '../protocol/index.ts';
import { communityDate } from '../protocol/community-date.ts';
import { pushNormalReading } from './fever-rule/baseline.ts';
import { baselineContribution, type CalibrationState } from './fever-rule/fever-rule.ts';
import { emptyHistory, type GateHistory } from './fever-rule/gate-history.ts';
import { armpitPair } from '../protocol/device-offset.ts';
import { identify, identityOf, type Identity } from './identify.ts';
import type { MessageKey } from './messages.ts';
import { readingFreshness } from './reading-freshness.ts';
import { acceptsReading, assess, REMEASURE_WAIT_MS, ruleConfig, type Assessment, type PersonScreening } from './screening.ts';
import { findVisitorPass, visitorIdentity } from './visitor-pass.ts';

/** A vehicle whose occupants are being screened one by one; their entries share the passage id. */
export interface ActiveVehicle {
  passageId: string;
  plate: string;
  screened: number;
}

/** Who steps in front of the guard, however they were identified (scan, look-up, registration). */
export interface PersonStart {
  scan: PersonScreening['scan'];
  identity: Identity;
  householdId: string | null;
  visitor: PersonScreening['visitor'];
  at: number;
}

/** A finished screening, to be written as an entry. */
export interface ScreeningOutcome {
  screening: PersonScreening;
  assessment: Assessment;
  decision: Decision;
  reason: string | null;
  auto: boolean;
}

export interface ScreeningFlowPorts {
  roster: () => RosterSnapshot | undefined;
  /** Writes the entry durably; answers whether it was logged (the person stays on screen if not). */
  log: (outcome: ScreeningOutcome) => Promise<boolean>;
  /** Lights, buzzer and gate relay. */
  signal: (commands: HardwareCommand[]) => void;
  /** The screen's own sound. */
  alarm: (sound: 'fever' | 'alert') => void;
  saveBaseline: (window: Reading[]) => Promise<void>;
  /**
   * Keeps who is on screen and who waits, synchronously, so a reload or a crash finds them and
   * logs them as abandoned rather than losing them.
   */
  saveInProgress: (people: readonly PersonScreening[]) => void;
  now: () => number;
  newId: () => string;
  onChange: () => void;
  /** Someone was identified: on screen at once, or queued behind the person on screen. */
  onPersonAdded: (onScreen: boolean) => void;
}

const FEVER_SIGNAL: HardwareCommand[] = [
  { type: 'lights', green: false, red: true },
  { type: 'buzzer', pattern: 'fever' },
];
const DENY_SIGNAL: HardwareCommand[] = [
  { type: 'lights', green: false, red: true },
  { type: 'buzzer', pattern: 'deny' },
];
const ADMIT_SIGNAL: HardwareCommand[] = [
  { type: 'lights', green: true, red: false },
  { type: 'buzzer', pattern: 'admit' },
  { type: 'gate' },
];

/** A thermometer event as one of the person's readings, with its measuring site when the device gives one. */
function infraredReading(event: TemperatureReading): Reading {
  return {
    valueC: event.objectC,
    source: 'infrared',
    at: event.at,
    ambientC: event.ambientC,
    ...(event.site ? { site: event.site } : {}),
    calibratedAt: event.calibration.calibratedAt,
  };
}

/** Whether two identifications are the same person (a pass scanned twice, a card read again). */
function samePerson(a: PersonScreening, b: PersonScreening): boolean {
  const x = a.identity;
  const y = b.identity;
  if (x.personId !== null || y.personId !== null) return x.personId === y.personId;
  if (x.idHash !== null || y.idHash !== null) return x.idHash === y.idHash;
  if (a.visitor?.passCode || b.visitor?.passCode) return a.visitor?.passCode === b.visitor?.passCode;
  if (a.scan?.kind === 'unknown' && b.scan?.kind === 'unknown') return a.scan.text === b.scan.text;
  return false;
}

/**
 * The guard's screening loop as a state machine without a DOM: scans and readings come in, the
 * person on screen is assessed after every change, alarms fire once, a clean reading admits without
 * a touch, and a decision is logged before the person leaves the screen. Nobody is dropped: a scan
 * while someone is on screen waits in the queue (shown), and whoever is left undecided — cancelled,
 * the page closed, the shift ended — is logged as abandoned with the readings so far.
 */
export class ScreeningFlow {
  readonly #ports: ScreeningFlowPorts;
  #person: PersonScreening | null = null;
  #queue: PersonScreening[] = [];
  /** The reason the guard is typing to let a watched person out. */
  #overrideReason = '';
  #pending: { reading: TemperatureReading; receivedAt: number } | null = null;
  #calibration: CalibrationState = 'unknown';
  #recentNormal: Reading[] = [];
  #history: GateHistory = emptyHistory();
  #vehicle: ActiveVehicle | null = null;
  #lane: Direction = 'in';
  #saving = false;
  #notice: MessageKey | null = null;
  #alarmed = new Set<'fever' | 'exit'>();
  /** Shown beside the reading of the person on screen, never recorded; the next person starts without one. */
  #thermalFrame: ThermalFrame | null = null;

  constructor(ports: ScreeningFlowPorts) {
    this.#ports = ports;
  }

  get person(): PersonScreening | null {
    return this.#person;
  }
  /** What the thermal array saw when it read the person on screen; null for other thermometers. */
  get thermalFrame(): ThermalFrame | null {
    return this.#person ? this.#thermalFrame : null;
  }
  /** People identified while someone was on screen, in the order they came. */
  get queue(): readonly PersonScreening[] {
    return this.#queue;
  }
  get overrideReason(): string {
    return this.#overrideReason;
  }
  get vehicle(): ActiveVehicle | null {
    return this.#vehicle;
  }
  get lane(): Direction {
    return this.#lane;
  }
  get recentNormal(): readonly Reading[] {
    return this.#recentNormal;
  }
  get saving(): boolean {
    return this.#saving;
  }
  /** Something the guard should read about the last scan or reading (queued, a re-measure taken too soon). */
  get notice(): MessageKey | null {
    return this.#notice;
  }

  /** Puts back what the kiosk kept across a reload. */
  restore(saved: { recentNormal: Reading[]; lane: Direction }): void {
    this.#recentNormal = saved.recentNormal;
    this.#lane = saved.lane;
    this.#ports.onChange();
  }

  /**
   * Puts back, after a reload while nobody was on duty, the people who scanned and still wait for a
   * guard: the first on screen, the others queued, as before the reload.
   */
  restoreWaiting(people: readonly PersonScreening[]): void {
    const [first, ...rest] = people;
    if (!first || this.#person) return;
    this.#queue = [...rest, ...this.#queue];
    this.#onScreen(first);
    this.#afterChange();
  }

  /** The gate's own log of past days, read once the kiosk starts (gate-history.ts). */
  setHistory(history: GateHistory): void {
    this.#history = history;
    this.#ports.onChange();
  }

  /** The community's date today, in its own time zone. */
  today(): string {
    return communityDate(new Date(this.#ports.now()), this.#ports.roster()?.timeZone);
  }

  assess(person: PersonScreening): Assessment {
    return assess(person, {
      roster: this.#ports.roster(),
      recentNormal: this.#recentNormal,
      history: this.#history,
      calibration: this.#calibration,
      today: this.today(),
    });
  }

  /** The person on screen and how they stand, or null when the screen waits for a scan. */
  current(): { person: PersonScreening; assessment: Assessment } | null {
    return this.#person ? { person: this.#person, assessment: this.assess(this.#person) } : null;
  }

  scan(payload: ScanPayload, receivedAt: number): void {
    const roster = this.#ports.roster();
    if (payload.kind === 'visitor-code') {
      const pass = findVisitorPass(payload.code, roster, this.today());
      if (pass) {
        this.start({
          scan: payload,
          identity: visitorIdentity(pass, roster),
          householdId: null,
          visitor: { phone: null, purpose: null, hostHouseholdId: pass.hostHouseholdId, passCode: pass.code },
          at: receivedAt,
        });
        return;
      }
    }
    const identity = identify(payload, roster);
    const householdId = roster?.persons.find((p) => p.id === identity.personId)?.householdId ?? null;
    this.start({ scan: payload, identity, householdId, visitor: null, at: receivedAt });
  }

  /** The guard picked a roster person by hand (no pass on them). */
  choose(personId: string): void {
    const roster = this.#ports.roster();
    const person = roster?.persons.find((p) => p.id === personId);
    if (!person) return;
    this.start({
      scan: null,
      identity: identityOf(person, roster),
      householdId: person.householdId,
      visitor: null,
      at: this.#ports.now(),
    });
  }

  /**
   * A reading from the gate's thermometer. It joins the person on screen (whichever screen the
   * guard has open: that person is the one at the thermometer), or waits briefly for the next scan.
   */
  reading(event: TemperatureReading, receivedAt: number): void {
    this.#calibration = event.calibration.state;
    const reading = infraredReading(event);
    if (!this.#person) {
      this.#pending = { reading: event, receivedAt };
      this.#ports.onChange();
      return;
    }
    if (acceptsReading(this.#person, receivedAt) === 'too-soon') {
      this.#notice = 'tooSoon';
      this.#ports.onChange();
      return;
    }
    this.#notice = null;
    if (event.thermalFrame) this.#thermalFrame = event.thermalFrame;
    this.addReading(reading);
  }

  start(start: PersonStart): void {
    const questions = this.#ports.roster()?.questionSet?.questions ?? [];
    const person: PersonScreening = {
      startedAt: start.at,
      scan: start.scan,
      identity: start.identity,
      householdId: start.householdId,
      visitor: start.visitor,
      vehicle: null,
      direction: this.#lane,
      mask: 'worn',
      // The guard asks; a "no" to every question is the default so a healthy resident needs no touch.
      answers: Object.fromEntries(questions.map((q) => [q.id, !q.riskAnswer])),
      readings: [],
      remeasureAfter: null,
    };
    if (this.#person) {
      const known = [this.#person, ...this.#queue].some((other) => samePerson(other, person));
      if (!known) this.#queue = [...this.#queue, person];
      this.#notice = known ? 'alreadyOnScreen' : 'queued';
      this.#saveInProgress();
      this.#ports.onPersonAdded(false);
      this.#ports.onChange();
      return;
    }
    const pending = this.#pending;
    const carried: Reading | null =
      pending && readingFreshness(pending.receivedAt, start.at, start.at) === 'fresh' ? infraredReading(pending.reading) : null;
    this.#pending = null;
    this.#notice = null;
    this.#onScreen(person);
    this.#ports.onPersonAdded(true);
    if (carried && pending?.reading.thermalFrame) this.#thermalFrame = pending.reading.thermalFrame;
    if (carried) this.addReading(carried);
    else this.#afterChange();
  }

  #onScreen(person: PersonScreening | null): void {
    this.#person = person;
    this.#thermalFrame = null;
    this.#overrideReason = '';
    this.#alarmed.clear();
    this.#saveInProgress();
  }

  /** The person on screen is done with: the next in the queue comes on, readings still to take. */
  #next(): void {
    const [next, ...rest] = this.#queue;
    this.#queue = rest;
    this.#onScreen(next ? { ...next, direction: this.#lane } : null);
    if (next) this.#afterChange();
    else this.#ports.onChange();
  }

  #saveInProgress(): void {
    this.#ports.saveInProgress(this.#person ? [this.#person, ...this.#queue] : this.#queue);
  }

  addReading(reading: Reading): void {
    if (!this.#person) return;
    const person: PersonScreening = { ...this.#person, readings: [...this.#person.readings, reading] };
    const screeningReadings = person.readings.filter((r) => r.source !== 'axillary').length;
    const verdict = this.assess(person).fever;
    if (verdict.verdict === 're-measure' && screeningReadings === 1 && reading.source !== 'axillary') {
      person.remeasureAfter = this.#ports.now() + REMEASURE_WAIT_MS;
    }
    this.#person = person;
    this.#saveInProgress();
    this.#afterChange();
  }

  update(change: Partial<PersonScreening>): void {
    if (!this.#person) return;
    this.#person = { ...this.#person, ...change };
    this.#saveInProgress();
    this.#afterChange();
  }

  setOverrideReason(reason: string): void {
    this.#overrideReason = reason;
    this.#ports.onChange();
  }

  setLane(lane: Direction): void {
    this.#lane = lane;
    if (this.#person) this.update({ direction: lane });
    else this.#ports.onChange();
  }

  /**
   * Logs the decision, and only once it is logged lets the person go and signals the gate. Letting
   * a watched person out takes the reason the guard typed (setOverrideReason).
   */
  async decide(decision: Exclude<Decision, 'abandoned' | 'drop-off'>, auto = false): Promise<void> {
    const person = this.#person;
    if (!person || this.#saving) return;
    const assessment = this.assess(person);
    const why = assessment.exitBlocked && decision === 'admitted' ? this.#overrideReason.trim() || null : null;
    if (decision === 'admitted' && (!assessment.canAdmit || (assessment.exitBlocked && !why))) return;
    const vehicle = this.#vehicle;
    const screening = vehicle ? this.#withVehicle(person, vehicle) : person;
    // Saving lasts until the person has left the screen: a logged person still on it while the
    // baseline is written must not offer Admit again, or a second tap logs a second passage.
    this.#saving = true;
    this.#ports.onChange();
    let logged = false;
    try {
      logged = await this.#ports.log({ screening, assessment, decision, reason: why, auto });
      if (logged) await this.#afterLogged(person, assessment, decision, vehicle);
    } finally {
      this.#saving = false;
    }
    if (logged && this.#person === person) this.#next();
    else this.#ports.onChange();
  }

  /** What a logged decision teaches the rule (armpit pairs, the baseline) and the signal the gate gives. */
  async #afterLogged(
    person: PersonScreening,
    assessment: Assessment,
    decision: Decision,
    vehicle: ActiveVehicle | null,
  ): Promise<void> {
    // Every armpit reading the guard typed in teaches the rule how far the device reads off.
    const pair = armpitPair(person.readings, assessment.fever.flagAtC);
    if (pair) this.#history = { ...this.#history, pairs: [...this.#history.pairs, pair] };
    const contribution = baselineContribution(person.readings, assessment.fever);
    if (contribution) {
      this.#recentNormal = pushNormalReading(this.#recentNormal, contribution, ruleConfig(this.#ports.roster()));
      await this.#ports.saveBaseline(this.#recentNormal);
    }
    if (vehicle && this.#vehicle?.passageId === vehicle.passageId) this.#vehicle = { ...vehicle, screened: vehicle.screened + 1 };
    this.#signal(decision, assessment);
  }

  /** The guard gives up on the person on screen: logged as abandoned, then the next in the queue. */
  async abandon(reason: AbandonReason = 'cancelled'): Promise<boolean> {
    const person = this.#person;
    if (!person || this.#saving) return false;
    if (!(await this.#logAbandoned(person, reason))) return false;
    if (this.#person === person) this.#next();
    else this.#ports.onChange();
    return true;
  }

  /**
   * Logs everyone on screen and in the queue as abandoned (the shift is ending). Answers whether
   * all were logged; whoever could not be stays.
   */
  async abandonAll(reason: AbandonReason): Promise<boolean> {
    while (this.#person) {
      if (!(await this.abandon(reason))) return false;
    }
    return true;
  }

  /**
   * Logs as abandoned the screenings a closed page left behind (saveInProgress). Answers those
   * that could not be logged, to keep for the next try.
   */
  async abandonLeftBehind(people: readonly PersonScreening[]): Promise<PersonScreening[]> {
    const left: PersonScreening[] = [];
    for (const person of people) {
      if (!(await this.#logAbandoned(person, 'page-closed'))) left.push(person);
    }
    return left;
  }

  async #logAbandoned(person: PersonScreening, reason: AbandonReason): Promise<boolean> {
    const screening = this.#vehicle && person === this.#person ? this.#withVehicle(person, this.#vehicle) : person;
    this.#saving = true;
    this.#ports.onChange();
    try {
      return await this.#ports.log({ screening, assessment: this.assess(person), decision: 'abandoned', reason, auto: false });
    } finally {
      this.#saving = false;
      this.#ports.onChange();
    }
  }

  #withVehicle(person: PersonScreening, vehicle: ActiveVehicle): PersonScreening {
    return {
      ...person,
      vehicle: { passageId: vehicle.passageId, plate: vehicle.plate, role: vehicle.screened === 0 ? 'driver' : 'passenger' },
    };
  }

  startVehicle(plate: string): void {
    this.#vehicle = { passageId: this.#ports.newId(), plate: plate.trim().toUpperCase(), screened: 0 };
    this.#ports.onChange();
  }

  endVehicle(): void {
    this.#vehicle = null;
    this.#ports.onChange();
  }

  /** Alarms and the zero-touch admit follow every change to the person on screen. */
  #afterChange(): void {
    const person = this.#person;
    this.#ports.onChange();
    if (!person) return;
    const assessment = this.assess(person);
    if (assessment.fever.verdict === 'fever' && !this.#alarmed.has('fever')) {
      this.#alarmed.add('fever');
      this.#ports.signal(FEVER_SIGNAL);
      this.#ports.alarm('fever');
    }
    if (assessment.exitBlocked && !this.#alarmed.has('exit')) {
      this.#alarmed.add('exit');
      this.#ports.signal(DENY_SIGNAL);
      this.#ports.alarm('alert');
    }
    if (assessment.autoAdmit) void this.decide('admitted', true);
  }

  #signal(decision: Decision, assessment: Assessment): void {
    if (decision === 'admitted') this.#ports.signal(ADMIT_SIGNAL);
    else if (decision === 'referred' || assessment.fever.verdict === 'fever') this.#ports.signal(FEVER_SIGNAL);
    else if (decision === 'denied') this.#ports.signal(DENY_SIGNAL);
  }
}
