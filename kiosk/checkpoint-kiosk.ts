import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { v7 as uuidv7 } from 'uuid';
import {
  RosterSnapshot,
  type Decision,
  type DeviceStatus,
  type Direction,
  type GuardAccount,
  type HardwareCommand,
  type HardwareEvent,
  type Reading,
  type ScanEvent,
  type SpoolStatus,
  type TemperatureReading,
} from '../protocol/index.ts';
import { communityDate } from '../protocol/community-date.ts';
import { playAlarm } from './alarm.ts';
import { buildEntry } from './entry-builder.ts';
import { pushNormalReading } from './fever-rule/baseline.ts';
import { baselineContribution, type CalibrationState } from './fever-rule/fever-rule.ts';
import { GateLink, type LinkState } from './gate-link.ts';
import { identify, identityOf, type Identity } from './identify.ts';
import { logEntry, readLog } from './hand-over.ts';
import { Journal, type JournalEntry, type KioskSettings } from './journal.ts';
import { kioskStyles } from './kiosk-styles.ts';
import { catalogues, type Locale, type Messages } from './messages.ts';
import { Outbox, type HeldStatus } from './outbox.ts';
import { readingFreshness } from './reading-freshness.ts';
import { acceptsReading, assess, REMEASURE_WAIT_MS, ruleConfig, type Assessment, type PersonScreening } from './screening.ts';
import { renderScreening, type ScreeningActions } from './views/screening-view.ts';
import { findVisitorPass, visitorIdentity } from './visitor-pass.ts';
import { summariseShift } from './shift-summary.ts';
import type { DropOff } from './views/kiosk-courier-form.ts';
import type { RecentVisitor, VisitorRegistration } from './views/kiosk-visitor-form.ts';
import './views/kiosk-courier-form.ts';
import './views/kiosk-lookup.ts';
import './views/kiosk-sign-in.ts';
import './views/kiosk-today-log.ts';
import './views/kiosk-visitor-form.ts';

const ROSTER_REFRESH_MS = 60_000;
const BANNER_MS = 6_000;

type Mode = 'screen' | 'visitor' | 'courier' | 'lookup' | 'log' | 'handover';
const MODES: [Mode, keyof Messages][] = [
  ['screen', 'modeScreen'],
  ['visitor', 'modeVisitor'],
  ['courier', 'modeCourier'],
  ['lookup', 'modeLookup'],
  ['log', 'modeLog'],
  ['handover', 'modeHandover'],
];

export type Banner =
  | { kind: 'saving' }
  /** `held`: the gate was out of reach, so the entry is held on this screen until it can be handed over. */
  | { kind: 'logged'; who: string; reading: Reading | null; decision: Decision; auto: boolean; held: boolean }
  | { kind: 'error'; detail: string };

export interface ActiveVehicle {
  passageId: string;
  plate: string;
  screened: number;
}

type Shift = NonNullable<KioskSettings['shift']>;

export class CheckpointKiosk extends LitElement {
  static override styles = kioskStyles;
  static override properties = {
    locale: { state: true },
    roster: { state: true },
    link: { state: true },
    devices: { state: true },
    gateSync: { state: true },
    held: { state: true },
    now: { state: true },
    notice: { state: true },
    fatal: { state: true },
    shift: { state: true },
    mode: { state: true },
    lane: { state: true },
    person: { state: true },
    pending: { state: true },
    calibration: { state: true },
    recentNormal: { state: true },
    vehicle: { state: true },
    banner: { state: true },
    journalEntries: { state: true },
    visitorBusy: { state: true },
    visitorError: { state: true },
    loaded: { state: true },
  };

  declare locale: Locale;
  declare roster: RosterSnapshot | undefined;
  declare link: LinkState;
  declare devices: Map<string, DeviceStatus>;
  /** The gate's spool and its road to the server, as the gate last said. */
  declare gateSync: SpoolStatus | null;
  /** What this screen holds because the gate was out of reach. */
  declare held: HeldStatus | null;
  declare now: number;
  declare notice: string | null;
  declare fatal: string | null;
  declare shift: Shift | null;
  declare mode: Mode;
  declare lane: Direction;
  declare person: PersonScreening | null;
  declare pending: { reading: TemperatureReading; receivedAt: number } | null;
  declare calibration: CalibrationState;
  declare recentNormal: Reading[];
  declare vehicle: ActiveVehicle | null;
  declare banner: Banner | null;
  declare journalEntries: JournalEntry[];
  declare visitorBusy: boolean;
  declare visitorError: string | null;
  declare loaded: boolean;

  #journal: Journal | null = null;
  #outbox: Outbox | null = null;
  #gate: GateLink | null = null;
  #timers: ReturnType<typeof setInterval>[] = [];
  #bannerTimer: ReturnType<typeof setTimeout> | null = null;
  #saving = false;
  #alarmed = new Set<'fever' | 'exit'>();

  constructor() {
    super();
    this.locale = localStorage.getItem('checkpoint.locale') === 'en' ? 'en' : 'zh-CN';
    this.lane = localStorage.getItem('checkpoint.lane') === 'out' ? 'out' : 'in';
    this.roster = undefined;
    this.link = 'connecting';
    this.devices = new Map();
    this.gateSync = null;
    this.held = null;
    this.now = Date.now();
    this.notice = null;
    this.fatal = null;
    this.shift = null;
    this.mode = 'screen';
    this.person = null;
    this.pending = null;
    this.calibration = 'unknown';
    this.recentNormal = [];
    this.vehicle = null;
    this.banner = null;
    this.journalEntries = [];
    this.visitorBusy = false;
    this.visitorError = null;
    this.loaded = false;
  }

  get #t(): Messages {
    return catalogues[this.locale];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = this.locale;
    void this.#startUp();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#timers.forEach(clearInterval);
    this.#outbox?.stop();
    this.#gate?.close();
    this.#journal?.close();
  }

  async #startUp(): Promise<void> {
    try {
      this.#journal = await Journal.open(undefined, () => void this.#journalReopened());
    } catch (cause) {
      this.fatal = `IndexedDB: ${cause instanceof Error ? cause.message : String(cause)}`;
      return;
    }
    const journal = this.#journal;
    [this.roster, this.shift, this.recentNormal] = await Promise.all([
      journal.roster(),
      journal.setting('shift').then((s) => s ?? null),
      journal.setting('baseline-window').then((w) => w ?? []),
    ]);
    this.loaded = true;
    this.#outbox = new Outbox({
      store: journal,
      onStatus: (status) => {
        this.held = status;
      },
      onGateStatus: (status) => {
        this.gateSync = status;
      },
    });
    this.#outbox.start();
    const wsUrl = new URL('events', location.href);
    wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.#gate = new GateLink({
      url: wsUrl.href,
      onEvent: (event) => this.#onHardwareEvent(event),
      onSpoolStatus: (status) => {
        this.gateSync = status;
      },
      onState: (state) => {
        this.link = state;
        // The gate is back: whatever this screen held goes to it now.
        if (state === 'open') this.#outbox?.kick();
      },
      onInvalid: (reason) => {
        this.notice = reason;
      },
    });
    this.#gate.connect();
    void this.#refreshRoster();
    this.#timers.push(
      setInterval(() => void this.#refreshRoster(), ROSTER_REFRESH_MS),
      setInterval(() => {
        this.now = Date.now();
      }, 1_000),
    );
  }

  /**
   * The browser closed the journal's database under the page and it was opened again, perhaps
   * empty: what the kiosk holds in memory goes back in. Entries are the gate's to keep.
   */
  async #journalReopened(): Promise<void> {
    const journal = this.#journal;
    if (!journal) return;
    console.warn('the browser closed the journal database; opened it again');
    if (this.roster) await journal.saveRoster(this.roster);
    await journal.saveSetting('shift', this.shift);
    await journal.saveSetting('baseline-window', this.recentNormal);
    this.#outbox?.kick();
  }

  /** Asks for the roster with the version we hold; an unchanged roster answers 304 and costs nothing. */
  async #refreshRoster(): Promise<void> {
    const journal = this.#journal;
    if (!journal) return;
    try {
      const etag = this.roster ? await journal.setting('roster-etag') : null;
      const response = await fetch('uplink/roster', { headers: etag ? { 'if-none-match': etag } : {} });
      if (response.status === 304 || !response.ok) return;
      const parsed = RosterSnapshot.safeParse(await response.json());
      if (!parsed.success) {
        this.notice = 'roster from the server is unreadable';
        return;
      }
      await journal.saveRoster(parsed.data);
      await journal.saveSetting('roster-etag', response.headers.get('etag'));
      this.roster = parsed.data;
    } catch {
      // Offline: the cached roster stays in force; the status bar shows the link state.
    }
  }

  // ——— hardware events ———

  #onHardwareEvent(event: HardwareEvent): void {
    const receivedAt = Date.now();
    switch (event.type) {
      case 'scan':
        this.#onScan(event, receivedAt);
        break;
      case 'temperature':
        this.#onReading(event, receivedAt);
        break;
      case 'device-status':
        this.devices = new Map(this.devices).set(event.deviceId, event);
        break;
      case 'input-rejected':
        this.notice = `${this.#t.inputRejected}: ${event.reason}`;
        break;
    }
  }

  #onScan(event: ScanEvent, receivedAt: number): void {
    if (!this.shift) return;
    const payload = event.payload;
    if (payload.kind === 'visitor-code') {
      const pass = findVisitorPass(payload.code, this.roster, this.#today());
      if (pass) {
        this.#startPerson({
          scan: payload,
          identity: visitorIdentity(pass, this.roster),
          householdId: null,
          visitor: { phone: null, purpose: null, hostHouseholdId: pass.hostHouseholdId, passCode: pass.code },
          at: receivedAt,
        });
        return;
      }
    }
    const identity = identify(payload, this.roster);
    this.#startPerson({ scan: payload, identity, householdId: this.#householdOf(identity), visitor: null, at: receivedAt });
  }

  #onReading(event: TemperatureReading, receivedAt: number): void {
    this.calibration = event.calibration.state;
    const reading: Reading = {
      valueC: event.objectC,
      source: 'infrared',
      at: event.at,
      ambientC: event.ambientC,
      ...(event.site ? { site: event.site } : {}),
    };
    if (!this.person || this.mode !== 'screen') {
      this.pending = { reading: event, receivedAt };
      return;
    }
    if (acceptsReading(this.person, receivedAt) === 'too-soon') {
      this.notice = this.#t.tooSoon;
      return;
    }
    this.notice = null;
    this.#addReading(reading);
  }

  #householdOf(identity: Identity): string | null {
    return this.roster?.persons.find((p) => p.id === identity.personId)?.householdId ?? null;
  }

  #today(): string {
    return communityDate(new Date(), this.roster?.timeZone);
  }

  // ——— one person's screening ———

  #startPerson(start: {
    scan: PersonScreening['scan'];
    identity: Identity;
    householdId: string | null;
    visitor: PersonScreening['visitor'];
    at: number;
  }): void {
    const questions = this.roster?.questionSet?.questions ?? [];
    const pending = this.pending;
    const carried =
      pending && readingFreshness(pending.receivedAt, start.at, start.at) === 'fresh'
        ? [
            {
              valueC: pending.reading.objectC,
              source: 'infrared' as const,
              at: pending.reading.at,
              ambientC: pending.reading.ambientC,
              ...(pending.reading.site ? { site: pending.reading.site } : {}),
            },
          ]
        : [];
    this.pending = null;
    this.#alarmed.clear();
    this.person = {
      startedAt: start.at,
      scan: start.scan,
      identity: start.identity,
      householdId: start.householdId,
      visitor: start.visitor,
      vehicle: null,
      direction: this.lane,
      mask: 'worn',
      // The guard asks; a "no" to every question is the default so a healthy resident needs no touch.
      answers: Object.fromEntries(questions.map((q) => [q.id, !q.riskAnswer])),
      readings: [],
      remeasureAfter: null,
    };
    if (this.banner?.kind !== 'saving') this.banner = null;
    this.notice = null;
    this.mode = 'screen';
    if (carried[0]) this.#addReading(carried[0]);
    else this.#afterChange();
  }

  #addReading(reading: Reading): void {
    if (!this.person) return;
    const person: PersonScreening = { ...this.person, readings: [...this.person.readings, reading] };
    const screeningReadings = person.readings.filter((r) => r.source !== 'axillary').length;
    const verdict = this.#assess(person).fever;
    if (verdict.verdict === 're-measure' && screeningReadings === 1 && reading.source !== 'axillary') {
      person.remeasureAfter = Date.now() + REMEASURE_WAIT_MS;
    }
    this.person = person;
    this.#afterChange();
  }

  #update(change: Partial<PersonScreening>): void {
    if (!this.person) return;
    this.person = { ...this.person, ...change };
    this.#afterChange();
  }

  #assess(person: PersonScreening): Assessment {
    return assess(person, {
      roster: this.roster,
      recentNormal: this.recentNormal,
      calibration: this.calibration,
      today: this.#today(),
    });
  }

  /** Alarms and the zero-touch admit follow every change to the person on screen. */
  #afterChange(): void {
    const person = this.person;
    if (!person) return;
    const assessment = this.#assess(person);
    if (assessment.fever.verdict === 'fever' && !this.#alarmed.has('fever')) {
      this.#alarmed.add('fever');
      this.#send([
        { type: 'lights', green: false, red: true },
        { type: 'buzzer', pattern: 'fever' },
      ]);
      playAlarm('fever');
    }
    if (assessment.exitBlocked && !this.#alarmed.has('exit')) {
      this.#alarmed.add('exit');
      this.#send([
        { type: 'lights', green: false, red: true },
        { type: 'buzzer', pattern: 'deny' },
      ]);
      playAlarm('alert');
    }
    if (assessment.autoAdmit) void this.#decide('admitted', null, true);
  }

  async #decide(decision: Decision, reason: string | null, auto = false): Promise<void> {
    const person = this.person;
    const journal = this.#journal;
    if (!person || !journal || this.#saving) return;
    const assessment = this.#assess(person);
    if (decision === 'admitted' && (!assessment.canAdmit || (assessment.exitBlocked && !reason?.trim()))) return;
    const vehicle = this.vehicle;
    const screening: PersonScreening = vehicle
      ? {
          ...person,
          vehicle: { passageId: vehicle.passageId, plate: vehicle.plate, role: vehicle.screened === 0 ? 'driver' : 'passenger' },
        }
      : person;
    if (!(await this.#log(screening, assessment, decision, reason?.trim() || null, auto))) return;
    const contribution = baselineContribution(person.readings, assessment.fever);
    if (contribution) {
      this.recentNormal = pushNormalReading(this.recentNormal, contribution, ruleConfig(this.roster));
      await journal.saveSetting('baseline-window', this.recentNormal);
    }
    if (vehicle) this.vehicle = { ...vehicle, screened: vehicle.screened + 1 };
    this.#signal(decision, assessment);
    this.person = null;
  }

  /** Builds the record and writes it durably, then — only then — says "logged". Answers whether it was. */
  async #log(
    screening: PersonScreening,
    assessment: Assessment,
    decision: Decision,
    reason: string | null,
    auto: boolean,
  ): Promise<boolean> {
    const { roster, shift } = this;
    const journal = this.#journal;
    if (!roster || !shift || !journal) return false;
    this.#saving = true;
    try {
      const record = buildEntry({
        id: uuidv7(),
        now: new Date(),
        roster,
        guard: { id: shift.guardId, name: shift.guardName, shiftId: shift.shiftId },
        screening,
        assessment,
        decision,
        reason,
      });
      this.banner = { kind: 'saving' };
      const logged = await logEntry(journal, record);
      if (logged.where === 'gate') this.gateSync = logged.status;
      else this.#outbox?.kick();
      const who = screening.identity.name ?? this.#t[screening.identity.category];
      const held = logged.where === 'screen';
      this.#showBanner({ kind: 'logged', who, reading: screening.readings.at(-1) ?? null, decision, auto, held });
      if (this.mode === 'log' || this.mode === 'handover' || this.mode === 'visitor') void this.#loadJournalEntries();
      return true;
    } catch (cause) {
      this.#showBanner({ kind: 'error', detail: cause instanceof Error ? cause.message : String(cause) });
      return false;
    } finally {
      this.#saving = false;
    }
  }

  #signal(decision: Decision, assessment: Assessment): void {
    if (decision === 'admitted') {
      this.#send([{ type: 'lights', green: true, red: false }, { type: 'buzzer', pattern: 'admit' }, { type: 'gate' }]);
    } else if (decision === 'referred' || assessment.fever.verdict === 'fever') {
      this.#send([
        { type: 'lights', green: false, red: true },
        { type: 'buzzer', pattern: 'fever' },
      ]);
    } else if (decision === 'denied') {
      this.#send([
        { type: 'lights', green: false, red: true },
        { type: 'buzzer', pattern: 'deny' },
      ]);
    }
  }

  #send(commands: HardwareCommand[]): void {
    for (const command of commands) this.#gate?.send(command);
  }

  #showBanner(banner: Banner): void {
    this.banner = banner;
    if (this.#bannerTimer) clearTimeout(this.#bannerTimer);
    this.#bannerTimer = setTimeout(() => {
      if (this.banner === banner) this.banner = null;
    }, BANNER_MS);
  }

  // ——— other screens ———

  async #loadJournalEntries(): Promise<void> {
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    const since = this.mode === 'visitor' ? new Date(midnight.getTime() - 6 * 86_400_000) : midnight;
    if (this.#journal) this.journalEntries = (await readLog(this.#journal, since)).entries;
  }

  #setMode(mode: Mode): void {
    this.mode = mode;
    if (mode === 'log' || mode === 'handover' || mode === 'visitor') void this.#loadJournalEntries();
  }

  #recentVisitors(): RecentVisitor[] {
    const byName = new Map<string, RecentVisitor>();
    for (const { record } of this.journalEntries) {
      if (record.subject.category !== 'visitor' || !record.subject.name) continue;
      byName.set(record.subject.name, {
        name: record.subject.name,
        phone: record.visitor?.phone ?? null,
        purpose: record.visitor?.purpose ?? null,
        hostHouseholdId: record.visitor?.hostHouseholdId ?? null,
        plate: record.vehicle?.plate ?? null,
        lastSeen: record.occurredAt,
      });
    }
    return [...byName.values()].reverse().slice(0, 10);
  }

  /** The ID number goes to the gate service to be hashed with the community's key; it is never stored. */
  async #registerVisitor(registration: VisitorRegistration): Promise<void> {
    let idHash: string | null = null;
    let idMasked: string | null = null;
    if (registration.idNumber.trim()) {
      this.visitorBusy = true;
      try {
        const response = await fetch('id-number', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ number: registration.idNumber.trim() }),
        });
        const body = (await response.json()) as { idHash?: string; idMasked?: string; message?: string };
        if (!response.ok || !body.idHash || !body.idMasked) throw new Error(body.message ?? `HTTP ${response.status}`);
        idHash = body.idHash;
        idMasked = body.idMasked;
      } catch (cause) {
        this.visitorError = this.#t.idHashFailed + (cause instanceof Error ? cause.message : String(cause));
        return;
      } finally {
        this.visitorBusy = false;
      }
    }
    this.visitorError = null;
    const host = this.roster?.households.find((h) => h.id === registration.hostHouseholdId);
    const plate = registration.plate.trim().toUpperCase();
    if (plate && !this.vehicle) this.vehicle = { passageId: uuidv7(), plate, screened: 0 };
    this.#startPerson({
      scan: null,
      identity: {
        category: 'visitor',
        personId: null,
        name: registration.name.trim(),
        room: host ? `${host.building} ${host.unit} ${host.room}` : null,
        idHash,
        idMasked,
        flags: [],
        problem: null,
        problemDetail: null,
      },
      householdId: null,
      visitor: {
        phone: registration.phone.trim() || null,
        purpose: registration.purpose.trim() || null,
        hostHouseholdId: registration.hostHouseholdId || null,
        passCode: null,
      },
      at: Date.now(),
    });
  }

  async #logDropOff(dropOff: DropOff): Promise<void> {
    if (!this.shift) return;
    const label = [dropOff.name, dropOff.company && `(${dropOff.company})`].filter(Boolean).join(' ') || null;
    const person: PersonScreening = {
      startedAt: Date.now(),
      scan: null,
      identity: {
        category: 'courier',
        personId: null,
        name: label,
        room: null,
        idHash: null,
        idMasked: null,
        flags: [],
        problem: null,
        problemDetail: null,
      },
      householdId: null,
      visitor: {
        phone: dropOff.phone || null,
        purpose: dropOff.company || null,
        hostHouseholdId: dropOff.hostHouseholdId || null,
        passCode: null,
      },
      vehicle: null,
      direction: 'in',
      mask: 'not-checked',
      answers: {},
      readings: [],
      remeasureAfter: null,
    };
    await this.#log(person, this.#assess(person), 'drop-off', null, false);
  }

  #choosePerson(personId: string): void {
    const person = this.roster?.persons.find((p) => p.id === personId);
    if (!person) return;
    this.#startPerson({
      scan: null,
      identity: identityOf(person, this.roster),
      householdId: person.householdId,
      visitor: null,
      at: Date.now(),
    });
  }

  async #signIn(guard: GuardAccount): Promise<void> {
    this.shift = { guardId: guard.id, guardName: guard.name, shiftId: uuidv7(), startedAt: new Date().toISOString() };
    await this.#journal?.saveSetting('shift', this.shift);
  }

  async #endShift(): Promise<void> {
    this.shift = null;
    this.person = null;
    this.mode = 'screen';
    await this.#journal?.saveSetting('shift', null);
  }

  #setLocale(locale: Locale): void {
    this.locale = locale;
    localStorage.setItem('checkpoint.locale', locale);
    document.documentElement.lang = locale;
  }

  #setLane(lane: Direction): void {
    this.lane = lane;
    localStorage.setItem('checkpoint.lane', lane);
    if (this.person) this.#update({ direction: lane });
  }

  // ——— rendering ———

  override render(): TemplateResult {
    const t = this.#t;
    return html`
      <header>
        <h1>${t.title}${this.roster ? html` · ${this.roster.gate.name}` : nothing}</h1>
        ${
          this.shift
            ? html`<span>${t.guard}${t.colon}<strong data-test="guard-name">${this.shift.guardName}</strong></span>
                <button @click=${() => this.#setMode('handover')}>${t.signOut}</button>`
            : nothing
        }
        <button
          lang=${this.locale === 'en' ? 'zh-CN' : 'en'}
          @click=${() => this.#setLocale(this.locale === 'en' ? 'zh-CN' : 'en')}
        >
          ${t.language}
        </button>
      </header>
      ${this.#renderStatus()} ${this.fatal ? html`<p class="banner error" role="alert">${this.fatal}</p>` : nothing}
      ${!this.loaded ? nothing : this.shift ? this.#renderWork(this.shift) : this.#renderSignIn()}
    `;
  }

  #renderSignIn(): TemplateResult {
    if (!this.roster) return html`<p class="banner error" role="alert">${this.#t.rosterMissing}</p>`;
    return html`<kiosk-sign-in
      .t=${this.#t}
      .guards=${this.roster.guards}
      @signed-in=${(e: CustomEvent<GuardAccount>) => this.#signIn(e.detail)}
    ></kiosk-sign-in>`;
  }

  #renderWork(shift: Shift): TemplateResult {
    const t = this.#t;
    return html`
      <nav class="modes" aria-label="modes">
        ${MODES.map(
          ([mode, key]) =>
            html`<button
              type="button"
              aria-pressed=${mode === this.mode ? 'true' : 'false'}
              data-mode=${mode}
              @click=${() => this.#setMode(mode)}
            >
              ${t[key]}
            </button>`,
        )}
        <span class="lane">${t.lane}${t.colon}</span>
        <div class="segmented" role="group" aria-label=${t.lane}>
          ${(['in', 'out'] as const).map(
            (lane) =>
              html`<button
                type="button"
                data-lane=${lane}
                aria-pressed=${lane === this.lane ? 'true' : 'false'}
                @click=${() => this.#setLane(lane)}
              >
                ${t[lane]}
              </button>`,
          )}
        </div>
      </nav>
      ${this.notice ? html`<p class="notice" role="status" data-test="notice">${this.notice}</p>` : nothing}
      ${this.#renderBanner()} ${this.#renderMode(shift)}
    `;
  }

  #renderMode(shift: Shift): TemplateResult {
    const t = this.#t;
    switch (this.mode) {
      case 'screen':
        return renderScreening({
          t,
          locale: this.locale,
          now: this.now,
          roster: this.roster,
          person: this.person,
          assessment: this.person ? this.#assess(this.person) : null,
          vehicle: this.vehicle,
          saving: this.banner?.kind === 'saving',
          actions: this.#screeningActions,
        });
      case 'visitor':
        return html`<kiosk-visitor-form
          .t=${t}
          .roster=${this.roster}
          .recent=${this.#recentVisitors()}
          .busy=${this.visitorBusy}
          .error=${this.visitorError}
          @register=${(e: CustomEvent<VisitorRegistration>) => this.#registerVisitor(e.detail)}
        ></kiosk-visitor-form>`;
      case 'courier':
        return html`<kiosk-courier-form
          .t=${t}
          .roster=${this.roster}
          @drop-off=${(e: CustomEvent<DropOff>) => this.#logDropOff(e.detail)}
        ></kiosk-courier-form>`;
      case 'lookup':
        return html`<kiosk-lookup
          .t=${t}
          .roster=${this.roster}
          @person-chosen=${(e: CustomEvent<string>) => this.#choosePerson(e.detail)}
        ></kiosk-lookup>`;
      case 'log':
        return html`<kiosk-today-log
          .t=${t}
          .locale=${this.locale}
          .roster=${this.roster}
          .entries=${this.journalEntries}
        ></kiosk-today-log>`;
      case 'handover':
        return this.#renderHandover(shift);
    }
  }

  #screeningActions: ScreeningActions = {
    update: (change) => this.#update(change),
    addReading: (valueC, source) => this.#addReading({ valueC, source, at: new Date().toISOString(), ambientC: null }),
    decide: (decision, reason) => void this.#decide(decision, reason),
    cancel: () => {
      this.person = null;
    },
    startVehicle: (plate) => {
      this.vehicle = { passageId: uuidv7(), plate: plate.trim().toUpperCase(), screened: 0 };
    },
    endVehicle: () => {
      this.vehicle = null;
    },
  };

  #renderHandover(shift: Shift): TemplateResult {
    const t = this.#t;
    const summary = summariseShift(this.journalEntries, shift.shiftId);
    const since = new Intl.DateTimeFormat(this.locale, { dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(
      new Date(shift.startedAt),
    );
    const figures: [keyof Messages, number][] = [
      ['total', summary.total],
      ['in', summary.in],
      ['out', summary.out],
      ['admitted', summary.admitted],
      ['denied', summary.denied],
      ['referred', summary.referred],
      ['fevers', summary.fevers],
      ['dropOff', summary.dropOffs],
      ['unsent', summary.unsent],
      ['rejected', summary.rejected],
    ];
    return html`<section class="handover" data-test="handover">
      <h2>${t.handoverTitle} · ${shift.guardName}</h2>
      <p>${t.shiftStarted}${t.colon}${since}</p>
      <div class="figures">
        ${figures.map(([key, value]) => html`<div class="figure ${key === 'fevers' && value > 0 ? 'alarm' : ''}"><span>${t[key]}</span><strong>${value}</strong></div>`)}
      </div>
      <button class="primary" data-test="end-shift" @click=${() => this.#endShift()}>${t.endShift}</button>
    </section>`;
  }

  #renderStatus(): TemplateResult {
    const t = this.#t;
    const gate = this.gateSync;
    const held = this.held;
    const unsent = gate && held ? gate.unsent + held.held : null;
    const rejected = (gate?.rejected ?? 0) + (held?.refused ?? 0);
    const stateClass = { connected: 'ok', reconnecting: 'warn', failed: 'bad' } as const;
    return html`<section class="status" aria-label="status">
      <span class="pill ${this.link === 'open' ? 'ok' : 'bad'}" data-test="gate-link"
        >${this.link === 'open' ? t.online : t.gateLinkDown}</span
      >
      ${[...this.devices.values()].map(
        (device) =>
          html`<span class="pill ${stateClass[device.state]}" title=${device.reason ?? ''} data-test="device-${device.device}"
            >${t[device.device]}: ${t[device.state]}</span
          >`,
      )}
      <span class="unsent pill ${unsent !== null && unsent > 0 ? 'warn' : 'ok'}" data-test="unsent">
        ${t.unsent}: <span data-test="unsent-count">${unsent ?? '…'}</span>
      </span>
      ${held && held.held > 0 ? html`<span class="pill warn" data-test="held" title=${held.lastError ?? ''}>${t.heldOnScreen}: ${held.held}</span>` : nothing}
      ${rejected > 0 ? html`<span class="pill bad" data-test="rejected">${t.rejected}: ${rejected}</span>` : nothing}
      <span>${t.lastSync}: ${gate?.lastSuccessAt ? this.#time(gate.lastSuccessAt) : t.never}</span>
      ${
        gate?.lastError
          ? html`<span class="pill bad" data-test="sync-error" title=${gate.lastError}
              >${t.syncError}: ${gate.serverUnreachable ? t.serverUnreachable : gate.lastError}</span
            >`
          : nothing
      }
      ${this.roster ? nothing : html`<span class="pill bad">${t.rosterMissing}</span>`}
    </section>`;
  }

  #renderBanner(): TemplateResult | typeof nothing {
    const banner = this.banner;
    if (!banner) return nothing;
    const t = this.#t;
    if (banner.kind === 'saving') return html`<p class="banner saving" role="status">${t.saving}</p>`;
    if (banner.kind === 'error')
      return html`<p class="banner error" role="alert" data-test="banner">${t.saveFailed}${banner.detail}</p>`;
    const temp = banner.reading ? ` ${banner.reading.valueC.toFixed(1)}°C` : '';
    const decision = { admitted: t.admit, denied: t.deny, referred: t.refer, 'drop-off': t.dropOff }[banner.decision];
    return html`<p class="banner logged ${banner.decision}" role="status" data-test="banner">
      ${banner.held ? t.loggedHeld : t.logged} ✓ ${banner.who}${temp} ·
      ${decision}${banner.auto ? html` · ${t.autoAdmitted}` : nothing}
    </p>`;
  }

  #time(iso: string): string {
    return new Intl.DateTimeFormat(this.locale, {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));
  }
}

customElements.define('checkpoint-kiosk', CheckpointKiosk);
