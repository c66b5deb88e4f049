import { describe, expect, it } from 'vitest';
import type { HardwareCommand, Reading, RosterSnapshot, TemperatureReading } from '../protocol/index.ts';
import type { PersonScreening } from './screening.ts';
import { ScreeningFlow, type ScreeningOutcome } from './screening-flow.ts';
import { REMEASURE_WAIT_MS } from './screening.ts';
import { HOUSEHOLD_1, makeRoster, makeWatchEntry } from '../test/support/kiosk-fixtures.ts';

const START = Date.parse('2026-11-25T07:30:00.000Z');

const roster: RosterSnapshot = makeRoster({
  households: [HOUSEHOLD_1],
  persons: [
    { id: 'p1', householdId: 'h1', category: 'resident', name: '张伟', idHash: null, idMasked: null, phoneTail: null },
    { id: 'p2', householdId: 'h1', category: 'resident', name: '李娜', idHash: null, idMasked: null, phoneTail: null },
  ],
  watch: [makeWatchEntry()],
});

/** The flow with its ports recorded: what a shell would log, signal and sound. */
function harness(options: { logs?: boolean; baselineWritten?: Promise<void> } = {}) {
  let now = START;
  const logged: ScreeningOutcome[] = [];
  const signals: HardwareCommand[][] = [];
  const alarms: string[] = [];
  const baselines: Reading[][] = [];
  let kept: readonly PersonScreening[] = [];
  let ids = 0;
  const flow = new ScreeningFlow({
    roster: () => roster,
    log: (outcome) => {
      if (options.logs === false) return Promise.resolve(false);
      logged.push(outcome);
      return Promise.resolve(true);
    },
    signal: (commands) => signals.push(commands),
    alarm: (sound) => alarms.push(sound),
    saveBaseline: (window) => {
      baselines.push(window);
      return options.baselineWritten ?? Promise.resolve();
    },
    now: () => now,
    newId: () => `passage-${++ids}`,
    saveInProgress: (people) => {
      kept = people;
    },
    onChange: () => undefined,
    onPersonAdded: () => undefined,
  });
  const thermometer = (objectC: number, ambientC: number | null = 22): TemperatureReading => ({
    type: 'temperature',
    deviceId: 'thermo-1',
    at: new Date(now).toISOString(),
    objectC,
    ambientC,
    offsetC: 0,
    calibration: { state: 'ok', calibratedAt: null, by: null, method: null, referenceC: null, expiresAt: null },
    ambientOutOfRange: false,
  });
  return {
    flow,
    logged,
    signals,
    alarms,
    baselines,
    kept: () => kept,
    advance: (ms: number) => (now += ms),
    read: (objectC: number, ambientC: number | null = 22) => flow.reading(thermometer(objectC, ambientC), now),
    thermometerEvent: thermometer,
    scanPass: (personId: string) => flow.scan({ kind: 'pass', personId, issuedAt: '2026-11-01T00:00:00.000Z' }, now),
  };
}

/** Lets the flow's own promises (an automatic admit's log) settle. */
const settled = () => new Promise((done) => setTimeout(done, 0));

describe('ScreeningFlow', () => {
  it('admits a known resident with a normal reading without a touch, logs once and opens the gate', async () => {
    const h = harness();
    h.scanPass('p1');
    expect(h.flow.person?.identity.name).toBe('张伟');
    h.read(36.5);
    await settled();
    expect(h.logged).toHaveLength(1);
    expect(h.logged[0]).toMatchObject({ decision: 'admitted', auto: true, screening: { identity: { personId: 'p1' } } });
    expect(h.flow.person).toBeNull();
    expect(h.signals.at(-1)).toContainEqual({ type: 'gate' });
    expect(h.baselines.at(-1)?.map((r) => r.valueC)).toEqual([36.5]);
  });

  it('offers no second Admit while a logged person is still on screen (the baseline being written)', async () => {
    let written!: () => void;
    const h = harness({ baselineWritten: new Promise<void>((done) => (written = done)) });
    h.scanPass('p1');
    h.read(36.5);
    await settled();
    expect(h.logged).toHaveLength(1);
    expect(h.flow.person?.identity.personId).toBe('p1');
    expect(h.flow.saving).toBe(true);
    // The guard's reflex tap on the automatic admit, in the instant before the screen clears.
    await Promise.race([h.flow.decide('admitted'), settled()]);
    written();
    await settled();
    expect(h.logged).toHaveLength(1);
    expect(h.flow.person).toBeNull();
    expect(h.flow.saving).toBe(false);
  });

  it('carries a reading taken just before the scan to the person scanned', async () => {
    const h = harness();
    h.read(36.4);
    h.advance(2_000);
    h.scanPass('p1');
    await settled();
    expect(h.logged[0]?.screening.readings.map((r) => r.valueC)).toEqual([36.4]);
  });

  it("shows a thermal array's picture beside its reading, for that person only, and never records it", async () => {
    const h = harness();
    const frame = { width: 2, height: 1, pixelsC: [22, 38.6], hottest: { x: 1, y: 0 } };
    h.scanPass('p1');
    h.flow.reading({ ...h.thermometerEvent(38.6), site: 'face-max', thermalFrame: frame }, START);
    expect(h.flow.person?.readings.at(-1)).toMatchObject({ valueC: 38.6, site: 'face-max' });
    expect(h.flow.thermalFrame).toEqual(frame);
    await h.flow.decide('referred');
    await settled();
    expect(JSON.stringify(h.logged)).not.toContain('pixelsC');
    h.scanPass('p2');
    expect(h.flow.thermalFrame).toBeNull();
  });

  it('does not carry a reading that has gone stale to the next person', () => {
    const h = harness();
    h.read(36.4);
    h.advance(60_000);
    h.scanPass('p1');
    expect(h.flow.person?.readings).toEqual([]);
  });

  it('makes a high reading wait for the re-measure, refuses one taken too soon, and asks for the armpit when still high', () => {
    const h = harness();
    h.scanPass('p1');
    h.read(37.8);
    expect(h.flow.current()?.assessment.fever.verdict).toBe('re-measure');
    h.advance(1_000);
    h.read(37.9);
    expect(h.flow.notice).toBe('tooSoon');
    expect(h.flow.person?.readings).toHaveLength(1);
    h.advance(REMEASURE_WAIT_MS);
    h.read(37.9);
    expect(h.flow.notice).toBeNull();
    expect(h.flow.current()?.assessment.fever.verdict).toBe('axillary-needed');
    expect(h.logged).toEqual([]);
  });

  it('sounds the fever alarm once, and refers with the fever signal', async () => {
    const h = harness();
    h.scanPass('p1');
    h.read(37.8);
    h.advance(REMEASURE_WAIT_MS);
    h.read(37.9);
    h.flow.addReading({
      valueC: 38.3,
      source: 'axillary',
      at: new Date(START + REMEASURE_WAIT_MS).toISOString(),
      ambientC: null,
    });
    h.flow.update({ mask: 'given' });
    expect(h.alarms).toEqual(['fever']);
    await h.flow.decide('admitted');
    expect(h.logged, 'a fever cannot be admitted').toEqual([]);
    await h.flow.decide('referred');
    expect(h.logged[0]?.decision).toBe('referred');
    expect(h.signals.at(-1)).toContainEqual({ type: 'buzzer', pattern: 'fever' });
    expect(h.baselines, 'a fever does not enter the baseline').toEqual([]);
  });

  it('keeps a watched person in unless the guard gives a reason', async () => {
    const h = harness();
    h.flow.setLane('out');
    h.scanPass('p2');
    h.read(36.5);
    await settled();
    expect(h.alarms).toEqual(['alert']);
    expect(h.logged).toEqual([]);
    h.flow.setOverrideReason('  ');
    await h.flow.decide('admitted');
    expect(h.logged).toEqual([]);
    h.flow.setOverrideReason(' 就医 ');
    await h.flow.decide('admitted');
    expect(h.logged[0]).toMatchObject({ decision: 'admitted', reason: '就医', assessment: { exitBlocked: true } });
  });

  it('keeps the person on screen when the entry could not be logged', async () => {
    const h = harness({ logs: false });
    h.scanPass('p1');
    h.read(36.5);
    await settled();
    expect(h.flow.person?.identity.personId).toBe('p1');
    expect(h.flow.saving).toBe(false);
    expect(h.signals).toEqual([]);
  });

  it('numbers the occupants of a vehicle: the first is the driver, the rest passengers', async () => {
    const h = harness();
    h.flow.startVehicle(' 苏e9a876 ');
    h.scanPass('p1');
    h.read(36.5);
    await settled();
    h.advance(20_000);
    h.scanPass('p2');
    h.read(36.6);
    await h.flow.decide('admitted');
    expect(h.logged.map((o) => o.screening.vehicle)).toEqual([
      { passageId: 'passage-1', plate: '苏E9A876', role: 'driver' },
      { passageId: 'passage-1', plate: '苏E9A876', role: 'passenger' },
    ]);
    expect(h.flow.vehicle?.screened).toBe(2);
  });

  it('takes an unknown scan as an unknown person who is never waved through', async () => {
    const h = harness();
    h.flow.scan({ kind: 'unknown', text: 'hello' }, START);
    h.read(36.5);
    await settled();
    expect(h.flow.current()?.assessment).toMatchObject({ autoAdmit: false, canAdmit: true });
    expect(h.logged).toEqual([]);
  });

  it('queues a scan while someone is on screen, and brings them on once the first is decided', async () => {
    const h = harness();
    h.scanPass('p1');
    h.read(37.8);
    h.scanPass('p2');
    expect(h.flow.person?.identity.personId).toBe('p1');
    expect(h.flow.queue.map((p) => p.identity.personId)).toEqual(['p2']);
    expect(h.flow.notice).toBe('queued');
    expect(h.kept().map((p) => p.identity.personId)).toEqual(['p1', 'p2']);
    await h.flow.decide('denied');
    expect(h.logged.map((o) => [o.screening.identity.personId, o.decision])).toEqual([['p1', 'denied']]);
    expect(h.flow.person?.identity.personId).toBe('p2');
    expect(h.flow.person?.readings, "the first person's reading stays with them").toEqual([]);
    expect(h.flow.queue).toEqual([]);
  });

  it('does not queue the person on screen a second time when their pass is scanned again', () => {
    const h = harness();
    h.scanPass('p1');
    h.scanPass('p1');
    expect(h.flow.queue).toEqual([]);
    expect(h.flow.notice).toBe('alreadyOnScreen');
  });

  it('logs a cancelled screening as abandoned with its readings, then screens the next', async () => {
    const h = harness();
    h.scanPass('p1');
    h.read(37.9);
    h.scanPass('p2');
    expect(await h.flow.abandon()).toBe(true);
    expect(h.logged[0]).toMatchObject({ decision: 'abandoned', reason: 'cancelled' });
    expect(h.logged[0]?.screening.readings.map((r) => r.valueC)).toEqual([37.9]);
    expect(h.flow.person?.identity.personId).toBe('p2');
    expect(h.signals.flat()).not.toContainEqual({ type: 'gate' });
  });

  it('logs everyone on screen and queued as abandoned when the shift ends, and keeps nothing', async () => {
    const h = harness();
    h.scanPass('p1');
    h.read(37.8);
    h.scanPass('p2');
    expect(await h.flow.abandonAll('shift-ended')).toBe(true);
    expect(h.logged.map((o) => [o.screening.identity.personId, o.decision, o.reason])).toEqual([
      ['p1', 'abandoned', 'shift-ended'],
      ['p2', 'abandoned', 'shift-ended'],
    ]);
    expect(h.flow.person).toBeNull();
    expect(h.kept()).toEqual([]);
  });

  it('keeps on screen whoever could not be logged as abandoned', async () => {
    const h = harness({ logs: false });
    h.scanPass('p1');
    expect(await h.flow.abandonAll('shift-ended')).toBe(false);
    expect(h.flow.person?.identity.personId).toBe('p1');
  });

  it('logs as abandoned, with their readings, the screenings a closed page left behind', async () => {
    const first = harness();
    first.scanPass('p1');
    first.read(37.9);
    first.scanPass('p2');
    const left = first.kept();
    const next = harness();
    expect(await next.flow.abandonLeftBehind(left)).toEqual([]);
    expect(next.logged.map((o) => [o.screening.identity.personId, o.decision, o.reason])).toEqual([
      ['p1', 'abandoned', 'page-closed'],
      ['p2', 'abandoned', 'page-closed'],
    ]);
    expect(next.logged[0]?.screening.readings.map((r) => r.valueC)).toEqual([37.9]);
  });

  it('puts back, after a reload while nobody was on duty, whoever waits for a guard: first on screen, the rest queued', () => {
    // Nobody signed in: the scans wait (the log refuses), one with a reading.
    const before = harness({ logs: false });
    before.scanPass('p1');
    before.read(36.5);
    before.scanPass('p2');
    const waiting = before.kept();
    const after = harness({ logs: false });
    after.flow.restoreWaiting(waiting);
    expect(after.flow.person?.identity.personId).toBe('p1');
    expect(after.flow.person?.readings.map((r) => r.valueC)).toEqual([36.5]);
    expect(after.flow.queue.map((p) => p.identity.personId)).toEqual(['p2']);
    expect(after.kept().map((p) => p.identity.personId)).toEqual(['p1', 'p2']);
    expect(after.logged).toEqual([]);
  });
});
