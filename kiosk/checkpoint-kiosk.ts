import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { Direction, GuardAccount, InputProblem, RosterSnapshot } from '../protocol/index.ts';
import { COMMUNITY_TIME_ZONE } from '../protocol/community-date.ts';
import { GateLinkController } from './controllers/gate-link-controller.ts';
import { RosterController } from './controllers/roster-controller.ts';
import { ScreeningController } from './controllers/screening-controller.ts';
import { ShiftController, type Shift } from './controllers/shift-controller.ts';
import { SyncController } from './controllers/sync-controller.ts';
import { VisitorController } from './controllers/visitor-controller.ts';
import { kioskStyles } from './kiosk-styles.ts';
import { keepInProgress, keepLeftBehind, keptLeftBehind, keptWaiting, takeLeftBehind } from './left-behind.ts';
import { catalogues, formatCount, inputProblemKey, type Locale, type Messages } from './messages.ts';
import { HISTORY_DAYS, historyOf } from './fever-rule/gate-history.ts';
import type { ScreeningFlow } from './screening-flow.ts';
import type { DropOff } from './views/kiosk-courier-form.ts';
import type { VisitorRegistration } from './views/kiosk-visitor-form.ts';
import { renderHandover } from './views/handover-view.ts';
import { renderBanner } from './views/logged-banner.ts';
import { renderScreening, renderScreeningLine, type ScreeningActions, type ScreeningProps } from './views/screening-view.ts';
import { renderStatus } from './views/status-bar.ts';
import { renderPairing, type PairingProblem } from './views/pairing-view.ts';
import { codeFromAddress, pairingState, pairWithCode } from './gate-pairing.ts';
import './views/kiosk-courier-form.ts';
import './views/kiosk-lookup.ts';
import './views/kiosk-sign-in.ts';
import './views/kiosk-today-log.ts';
import './views/kiosk-visitor-form.ts';

type Mode = 'screen' | 'visitor' | 'courier' | 'lookup' | 'log' | 'handover';
const MODES: [Mode, keyof Messages][] = [
  ['screen', 'modeScreen'],
  ['visitor', 'modeVisitor'],
  ['courier', 'modeCourier'],
  ['lookup', 'modeLookup'],
  ['log', 'modeLog'],
  ['handover', 'modeHandover'],
];

/**
 * The guard's screen: a thin shell that starts the controllers (journal and sync, roster, gate
 * link, shift, screening, visitors), routes the gate's events and renders the mode chosen.
 */
export class CheckpointKiosk extends LitElement {
  static override styles = kioskStyles;
  static override properties = {
    locale: { state: true },
    notice: { state: true },
    inputProblem: { state: true },
    fatal: { state: true },
    mode: { state: true },
    loaded: { state: true },
    pairing: { state: true },
  };

  declare locale: Locale;
  /** Something from the gate the guard should read (refused input, an unreadable message). */
  declare notice: string | null;
  /** A refused device input the gate named, said in the guard's language (it outranks `notice`). */
  declare inputProblem: InputProblem | null;
  declare fatal: string | null;
  declare mode: Mode;
  declare loaded: boolean;
  /**
   * Not paired with the gate: the pairing form instead of the kiosk, with the last attempt's problem
   * ('unpaired': the gate's operator unpaired this screen while it ran).
   */
  declare pairing: { problem: PairingProblem | null } | null;

  readonly #sync = new SyncController(this, {
    onReopened: async () => {
      await this.#roster.persist();
      await this.#shift.persist();
      await this.#sync.journal?.saveSetting('baseline-window', [...this.#flow.recentNormal]);
    },
    onHeld: (held) => this.#gate.reportHolding(held.held),
  });
  readonly #roster = new RosterController(this, (reason) => {
    this.notice = reason;
  });
  readonly #shift = new ShiftController(this, this.#sync, () => this.#roster.roster);
  readonly #screening = new ScreeningController(this, {
    roster: () => this.#roster.roster,
    log: ({ screening, assessment, decision, reason, auto }) => this.#shift.log(screening, assessment, decision, reason, auto),
    signal: (commands) => this.#gate.send(commands),
    saveBaseline: async (window) => {
      await this.#sync.journal?.saveSetting('baseline-window', window);
    },
    saveInProgress: (people) => keepInProgress(localStorage, people),
    onPersonAdded: (onScreen) => {
      if (!onScreen) return;
      this.#shift.clearBanner();
      this.notice = null;
      this.inputProblem = null;
      this.#setMode('screen');
    },
  });
  readonly #visitors = new VisitorController(this, {
    flow: () => this.#flow,
    roster: () => this.#roster.roster,
    shift: this.#shift,
  });
  readonly #gate = new GateLinkController(this, {
    onEvent: (event, receivedAt) => {
      // A scan or a card while nobody is on duty waits for the next guard: none goes unrecorded.
      switch (event.type) {
        case 'scan':
          this.#flow.scan(event.payload, receivedAt);
          break;
        case 'id-card':
          if (this.#shift.shift && this.#visitors.cardRead(event.card)) this.#setMode('visitor');
          else {
            const { idHash, idMasked } = event.card;
            this.#flow.scan({ kind: 'id-number', idHash, idMasked, legacy: false }, receivedAt);
          }
          break;
        case 'temperature':
          this.#flow.reading(event, receivedAt);
          break;
        case 'input-rejected':
          this.notice = `${this.#t.inputRejected}: ${event.reason}`;
          this.inputProblem = event.problem ?? null;
          break;
      }
    },
    onInvalid: (reason) => {
      this.notice = reason;
    },
    onSpoolStatus: (status) => this.#sync.gateSaid(status),
    onOpen: () => this.#sync.gateBack(),
    onClose: () => void this.#checkStillPaired(),
  });

  constructor() {
    super();
    this.locale = localStorage.getItem('checkpoint.locale') === 'en' ? 'en' : 'zh-CN';
    this.notice = null;
    this.inputProblem = null;
    this.fatal = null;
    this.mode = 'screen';
    this.loaded = false;
    this.pairing = null;
  }

  get #t(): Messages {
    return catalogues[this.locale];
  }

  get #flow(): ScreeningFlow {
    return this.#screening.flow;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = this.locale;
    void this.#startUp();
  }

  async #startUp(): Promise<void> {
    const code = codeFromAddress(location.hash);
    if (code) {
      history.replaceState(null, '', location.pathname);
      await pairWithCode(code, '');
    }
    if ((await pairingState()) === 'unpaired') {
      this.pairing = { problem: null };
      return;
    }
    let journal;
    try {
      journal = await this.#sync.open();
    } catch (cause) {
      this.fatal = `IndexedDB: ${cause instanceof Error ? cause.message : String(cause)}`;
      return;
    }
    const [, , recentNormal] = await Promise.all([
      this.#roster.load(journal),
      this.#shift.load(journal),
      journal.setting('baseline-window').then((w) => w ?? []),
    ]);
    this.#flow.restore({ recentNormal, lane: localStorage.getItem('checkpoint.lane') === 'out' ? 'out' : 'in' });
    this.loaded = true;
    // On duty, whoever the last page had on screen was being screened and is logged as abandoned;
    // off duty, nobody was screening them: they still wait for the next guard.
    if (this.#shift.shift) await this.#logLeftBehind(true);
    else this.#flow.restoreWaiting(keptWaiting(localStorage));
    this.#sync.start();
    this.#gate.connect();
    this.#roster.startRefreshing();
    // The gate's log of past days: yesterday's baseline for the hour, and the armpit pairs.
    const since = new Date(Date.now() - HISTORY_DAYS * 86_400_000);
    this.#flow.setHistory(historyOf((await this.#sync.entriesSince(since)).map((entry) => entry.record)));
  }

  /**
   * A screen unpaired at the gate while it runs goes back to the pairing form: what it holds stays in
   * its journal (the gate refuses it now) and is handed over once it is paired again and reloads.
   */
  async #checkStillPaired(): Promise<void> {
    if (this.pairing || (await pairingState()) !== 'unpaired') return;
    this.#gate.disconnect();
    this.pairing = { problem: 'unpaired' };
  }

  async #pair(code: string, name: string): Promise<void> {
    const answer = await pairWithCode(code, name);
    if (answer === 'paired') location.reload();
    else this.pairing = { problem: answer };
  }

  /**
   * Whoever the last page left on screen is logged as abandoned, and the guard is told how many. At
   * sign-in only those an earlier page could not log: whoever scanned since waits on this screen.
   */
  async #logLeftBehind(atStart: boolean): Promise<void> {
    const left = atStart ? takeLeftBehind(localStorage) : keptLeftBehind(localStorage);
    if (left.length === 0) return;
    const unlogged = await this.#flow.abandonLeftBehind(left);
    keepLeftBehind(localStorage, unlogged);
    const logged = left.length - unlogged.length;
    if (logged > 0) this.notice = formatCount(this.locale, 'leftBehindLogged', logged);
  }

  #setMode(mode: Mode): void {
    // A card left on a form the guard walked away from must not fill the next visitor's.
    if (mode !== 'visitor') this.#visitors.forgetCard();
    this.mode = mode;
    this.#shift.showEntries(mode === 'visitor' ? 'week' : mode === 'log' || mode === 'handover' ? 'today' : null);
  }

  async #signIn(guard: GuardAccount): Promise<void> {
    await this.#shift.signIn(guard);
    await this.#logLeftBehind(false);
  }

  /** Nobody on screen is dropped at the hand-over: they are logged as abandoned first. */
  async #endShift(): Promise<void> {
    if (!(await this.#flow.abandonAll('shift-ended'))) return;
    this.#setMode('screen');
    await this.#shift.end();
  }

  #setLocale(locale: Locale): void {
    this.locale = locale;
    localStorage.setItem('checkpoint.locale', locale);
    document.documentElement.lang = locale;
  }

  #setLane(lane: Direction): void {
    localStorage.setItem('checkpoint.lane', lane);
    this.#flow.setLane(lane);
  }

  // ——— rendering ———

  override render(): TemplateResult {
    const t = this.#t;
    const roster = this.#roster.roster;
    // An unpaired screen shows the pairing form alone: no guard, no modes, no screening line.
    const shift = this.pairing ? null : this.#shift.shift;
    return html`
      <header>
        <h1 title=${t.title}>${roster?.gate.name ?? t.title}</h1>
        ${shift ? this.#renderModes() : nothing}
        <button
          class="language"
          lang=${this.locale === 'en' ? 'zh-CN' : 'en'}
          @click=${() => this.#setLocale(this.locale === 'en' ? 'zh-CN' : 'en')}
        >
          ${t.language}
        </button>
      </header>
      <div class="statusbar">
        ${
          this.pairing
            ? nothing
            : renderStatus({
                t,
                locale: this.locale,
                timeZone: roster?.timeZone ?? COMMUNITY_TIME_ZONE,
                link: this.#gate.link,
                devices: this.#gate.devices,
                gate: this.#sync.gate,
                held: this.#sync.held,
                roster,
              })
        }
        ${shift ? html`<span class="guard">${t.guard}${t.colon}<strong data-test="guard-name">${shift.guardName}</strong></span>` : nothing}
      </div>
      <div class="message-slot">
        ${this.fatal ? html`<p class="banner error" role="alert">${t.storageFailed}${this.fatal}</p>` : shift ? this.#renderMessage() : nothing}
        ${shift && this.mode === 'screen' ? renderScreeningLine(this.#screeningProps(roster)) : nothing}
      </div>
      <div class="content">
        ${this.pairing ? renderPairing(t, this.pairing.problem, (c, n) => void this.#pair(c, n)) : !this.loaded ? nothing : shift ? this.#renderMode(shift, roster) : this.#renderSignIn(roster)}
      </div>
    `;
  }

  #renderSignIn(roster: RosterSnapshot | undefined): TemplateResult {
    if (!roster) return html`<p class="banner error" role="alert">${this.#t.rosterMissing}</p>`;
    const waiting = (this.#flow.person ? 1 : 0) + this.#flow.queue.length;
    return html`${
        waiting > 0
          ? html`<p class="notice" role="status" data-test="waiting-for-guard">
              ${formatCount(this.locale, 'waitingForGuard', waiting)}
            </p>`
          : nothing
      }<kiosk-sign-in
        .t=${this.#t}
        .locale=${this.locale}
        .timeZone=${roster.timeZone}
        .guards=${roster.guards}
        @signed-in=${(e: CustomEvent<GuardAccount>) => this.#signIn(e.detail)}
      ></kiosk-sign-in>`;
  }

  /** The modes, and the lane this screen faces; the screening mode counts who is on screen and waiting. */
  #renderModes(): TemplateResult {
    const t = this.#t;
    const people = (this.#flow.person ? 1 : 0) + this.#flow.queue.length;
    return html`<nav class="modes" aria-label=${t.modes}>
        ${MODES.map(
          ([mode, key]) =>
            html`<button
              type="button"
              aria-pressed=${mode === this.mode ? 'true' : 'false'}
              data-mode=${mode}
              @click=${() => this.#setMode(mode)}
            >
              ${t[key]}${mode === 'screen' && people > 0 ? html`<span class="count" data-test="people-count">${people}</span>` : nothing}
            </button>`,
        )}
      </nav>
      <div class="segmented lane" role="group" aria-label=${t.lane}>
        ${(['in', 'out'] as const).map(
          (lane) =>
            html`<button
              type="button"
              data-lane=${lane}
              aria-pressed=${lane === this.#flow.lane ? 'true' : 'false'}
              @click=${() => this.#setLane(lane)}
            >
              ${t[lane]}
            </button>`,
        )}
      </div>`;
  }

  /** One line for what the guard must read now: the last entry's banner, or a notice about the last scan. */
  #renderMessage(): TemplateResult | typeof nothing {
    const flowNotice = this.#flow.notice;
    const problem = this.inputProblem ? this.#t[inputProblemKey[this.inputProblem]] : null;
    const notice = flowNotice ? this.#t[flowNotice] : (problem ?? this.notice);
    if (notice) return html`<p class="notice" role="status" data-test="notice">${notice}</p>`;
    return renderBanner(this.#t, this.#shift.banner);
  }

  #renderMode(shift: Shift, roster: RosterSnapshot | undefined): TemplateResult {
    const t = this.#t;
    switch (this.mode) {
      case 'screen':
        return renderScreening(this.#screeningProps(roster));
      case 'visitor':
        return html`<kiosk-visitor-form
          .t=${t}
          .roster=${roster}
          .card=${this.#visitors.card}
          .recent=${this.#visitors.recent(this.#shift.entries)}
          .busy=${this.#visitors.busy}
          .error=${this.#visitors.idProblem === null ? null : t.idHashFailed + this.#visitors.idProblem}
          @register=${async (e: CustomEvent<VisitorRegistration>) => {
            if (await this.#visitors.register(e.detail)) this.#setMode('screen');
          }}
          @forget-card=${() => this.#visitors.forgetCard()}
        ></kiosk-visitor-form>`;
      case 'courier':
        return html`<kiosk-courier-form
          .t=${t}
          .roster=${roster}
          @drop-off=${(e: CustomEvent<DropOff>) => this.#visitors.dropOff(e.detail)}
        ></kiosk-courier-form>`;
      case 'lookup':
        return html`<kiosk-lookup
          .t=${t}
          .roster=${roster}
          @person-chosen=${(e: CustomEvent<string>) => {
            this.#flow.choose(e.detail);
            this.#setMode('screen');
          }}
        ></kiosk-lookup>`;
      case 'log':
        return html`<kiosk-today-log
          .t=${t}
          .locale=${this.locale}
          .roster=${roster}
          .entries=${this.#shift.entries}
        ></kiosk-today-log>`;
      case 'handover':
        return renderHandover({
          t,
          locale: this.locale,
          timeZone: roster?.timeZone ?? COMMUNITY_TIME_ZONE,
          shift,
          entries: this.#shift.entries,
          pending: (this.#flow.person ? 1 : 0) + this.#flow.queue.length,
          onEnd: () => void this.#endShift(),
        });
    }
  }

  #screeningProps(roster: RosterSnapshot | undefined): ScreeningProps {
    const current = this.#flow.current();
    return {
      t: this.#t,
      locale: this.locale,
      now: this.#screening.now,
      roster,
      person: current?.person ?? null,
      assessment: current?.assessment ?? null,
      queue: this.#flow.queue,
      overrideReason: this.#flow.overrideReason,
      vehicle: this.#flow.vehicle,
      saving: this.#flow.saving || this.#shift.banner?.kind === 'saving',
      actions: this.#screeningActions,
      thermalFrame: this.#flow.thermalFrame,
    };
  }

  #screeningActions: ScreeningActions = {
    update: (change) => this.#flow.update(change),
    addReading: (valueC, source) => this.#flow.addReading({ valueC, source, at: new Date().toISOString(), ambientC: null }),
    decide: (decision) => void this.#flow.decide(decision),
    abandon: () => void this.#flow.abandon(),
    setOverrideReason: (reason) => this.#flow.setOverrideReason(reason),
    startVehicle: (plate) => this.#flow.startVehicle(plate),
    endVehicle: () => this.#flow.endVehicle(),
  };
}

customElements.define('checkpoint-kiosk', CheckpointKiosk);
