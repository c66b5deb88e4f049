import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { Direction, GuardAccount, RosterSnapshot } from '../protocol/index.ts';
import { GateLinkController } from './controllers/gate-link-controller.ts';
import { RosterController } from './controllers/roster-controller.ts';
import { ScreeningController } from './controllers/screening-controller.ts';
import { ShiftController, type Shift } from './controllers/shift-controller.ts';
import { SyncController } from './controllers/sync-controller.ts';
import { VisitorController } from './controllers/visitor-controller.ts';
import { kioskStyles } from './kiosk-styles.ts';
import { catalogues, type Locale, type Messages } from './messages.ts';
import type { ScreeningFlow } from './screening-flow.ts';
import type { DropOff } from './views/kiosk-courier-form.ts';
import type { VisitorRegistration } from './views/kiosk-visitor-form.ts';
import { renderHandover } from './views/handover-view.ts';
import { renderBanner } from './views/logged-banner.ts';
import { renderScreening, type ScreeningActions } from './views/screening-view.ts';
import { renderStatus } from './views/status-bar.ts';
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
    fatal: { state: true },
    mode: { state: true },
    loaded: { state: true },
  };

  declare locale: Locale;
  /** Something from the gate the guard should read (refused input, an unreadable message). */
  declare notice: string | null;
  declare fatal: string | null;
  declare mode: Mode;
  declare loaded: boolean;

  readonly #sync = new SyncController(this, {
    onReopened: async () => {
      await this.#roster.persist();
      await this.#shift.persist();
      await this.#sync.journal?.saveSetting('baseline-window', [...this.#flow.recentNormal]);
    },
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
    onPersonStarted: () => {
      this.#shift.clearBanner();
      this.notice = null;
      this.mode = 'screen';
    },
  });
  readonly #visitors = new VisitorController(this, {
    flow: () => this.#flow,
    roster: () => this.#roster.roster,
    shift: this.#shift,
  });
  readonly #gate = new GateLinkController(this, {
    onEvent: (event, receivedAt) => {
      switch (event.type) {
        case 'scan':
          if (this.#shift.shift) this.#flow.scan(event.payload, receivedAt);
          break;
        case 'temperature':
          this.#flow.reading(event, receivedAt, this.mode === 'screen');
          break;
        case 'input-rejected':
          this.notice = `${this.#t.inputRejected}: ${event.reason}`;
          break;
      }
    },
    onInvalid: (reason) => {
      this.notice = reason;
    },
    onSpoolStatus: (status) => this.#sync.gateSaid(status),
    onOpen: () => this.#sync.gateBack(),
  });

  constructor() {
    super();
    this.locale = localStorage.getItem('checkpoint.locale') === 'en' ? 'en' : 'zh-CN';
    this.notice = null;
    this.fatal = null;
    this.mode = 'screen';
    this.loaded = false;
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
    this.#sync.start();
    this.#gate.connect();
    this.#roster.startRefreshing();
  }

  #setMode(mode: Mode): void {
    this.mode = mode;
    this.#shift.showEntries(mode === 'visitor' ? 'week' : mode === 'log' || mode === 'handover' ? 'today' : null);
  }

  async #signIn(guard: GuardAccount): Promise<void> {
    await this.#shift.signIn(guard);
  }

  async #endShift(): Promise<void> {
    this.#flow.clear();
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
    const shift = this.#shift.shift;
    return html`
      <header>
        <h1>${t.title}${roster ? html` · ${roster.gate.name}` : nothing}</h1>
        ${
          shift
            ? html`<span>${t.guard}${t.colon}<strong data-test="guard-name">${shift.guardName}</strong></span>
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
      ${renderStatus({
        t,
        locale: this.locale,
        link: this.#gate.link,
        devices: this.#gate.devices,
        gate: this.#sync.gate,
        held: this.#sync.held,
        roster,
      })}
      ${this.fatal ? html`<p class="banner error" role="alert">${this.fatal}</p>` : nothing}
      ${!this.loaded ? nothing : shift ? this.#renderWork(shift, roster) : this.#renderSignIn(roster)}
    `;
  }

  #renderSignIn(roster: RosterSnapshot | undefined): TemplateResult {
    if (!roster) return html`<p class="banner error" role="alert">${this.#t.rosterMissing}</p>`;
    return html`<kiosk-sign-in
      .t=${this.#t}
      .guards=${roster.guards}
      @signed-in=${(e: CustomEvent<GuardAccount>) => this.#signIn(e.detail)}
    ></kiosk-sign-in>`;
  }

  #renderWork(shift: Shift, roster: RosterSnapshot | undefined): TemplateResult {
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
                aria-pressed=${lane === this.#flow.lane ? 'true' : 'false'}
                @click=${() => this.#setLane(lane)}
              >
                ${t[lane]}
              </button>`,
          )}
        </div>
      </nav>
      ${this.#renderNotice()} ${renderBanner(t, this.#shift.banner)} ${this.#renderMode(shift, roster)}
    `;
  }

  #renderNotice(): TemplateResult | typeof nothing {
    const flowNotice = this.#flow.notice;
    const notice = flowNotice ? this.#t[flowNotice] : this.notice;
    return notice ? html`<p class="notice" role="status" data-test="notice">${notice}</p>` : nothing;
  }

  #renderMode(shift: Shift, roster: RosterSnapshot | undefined): TemplateResult {
    const t = this.#t;
    switch (this.mode) {
      case 'screen': {
        const current = this.#flow.current();
        return renderScreening({
          t,
          locale: this.locale,
          now: this.#screening.now,
          roster,
          person: current?.person ?? null,
          assessment: current?.assessment ?? null,
          vehicle: this.#flow.vehicle,
          saving: this.#flow.saving || this.#shift.banner?.kind === 'saving',
          actions: this.#screeningActions,
        });
      }
      case 'visitor':
        return html`<kiosk-visitor-form
          .t=${t}
          .roster=${roster}
          .recent=${this.#visitors.recent(this.#shift.entries)}
          .busy=${this.#visitors.busy}
          .error=${this.#visitors.idProblem === null ? null : t.idHashFailed + this.#visitors.idProblem}
          @register=${(e: CustomEvent<VisitorRegistration>) => this.#visitors.register(e.detail)}
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
          @person-chosen=${(e: CustomEvent<string>) => this.#flow.choose(e.detail)}
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
          shift,
          entries: this.#shift.entries,
          onEnd: () => void this.#endShift(),
        });
    }
  }

  #screeningActions: ScreeningActions = {
    update: (change) => this.#flow.update(change),
    addReading: (valueC, source) => this.#flow.addReading({ valueC, source, at: new Date().toISOString(), ambientC: null }),
    decide: (decision, reason) => void this.#flow.decide(decision, reason),
    cancel: () => this.#flow.cancel(),
    startVehicle: (plate) => this.#flow.startVehicle(plate),
    endVehicle: () => this.#flow.endVehicle(),
  };
}

customElements.define('checkpoint-kiosk', CheckpointKiosk);
