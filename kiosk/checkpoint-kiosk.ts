import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { v7 as uuidv7 } from 'uuid';
import {
  RosterSnapshot,
  type Decision,
  type DeviceStatus,
  type Direction,
  type HardwareCommand,
  type HardwareEvent,
  type MaskCheck,
  type ScanEvent,
  type TemperatureReading,
} from '../protocol/index.ts';
import { buildEntry, isFever } from './entry-builder.ts';
import { GateLink, type LinkState } from './gate-link.ts';
import { identify, type Identity } from './identify.ts';
import { Journal } from './journal.ts';
import { kioskStyles } from './kiosk-styles.ts';
import { catalogues, type Locale, type MessageKey, type Messages } from './messages.ts';
import { Outbox, type OutboxStatus } from './outbox.ts';
import { readingFreshness } from './reading-freshness.ts';

const ROSTER_REFRESH_MS = 60_000;
const BANNER_MS = 6_000;

type Banner =
  | { kind: 'saving' }
  | { kind: 'logged'; identity: Identity; reading: TemperatureReading | null; decision: Decision }
  | { kind: 'error'; detail: string };

interface Received<T> {
  event: T;
  receivedAt: number;
}

export class CheckpointKiosk extends LitElement {
  static override styles = kioskStyles;
  static override properties = {
    locale: { state: true },
    guardName: { state: true },
    roster: { state: true },
    link: { state: true },
    devices: { state: true },
    scan: { state: true },
    identity: { state: true },
    reading: { state: true },
    direction: { state: true },
    mask: { state: true },
    banner: { state: true },
    notice: { state: true },
    sync: { state: true },
    now: { state: true },
    fatal: { state: true },
  };

  declare locale: Locale;
  declare guardName: string | null;
  declare roster: RosterSnapshot | undefined;
  declare link: LinkState;
  declare devices: Map<string, DeviceStatus>;
  declare scan: Received<ScanEvent> | null;
  declare identity: Identity | null;
  declare reading: Received<TemperatureReading> | null;
  declare direction: Direction;
  declare mask: MaskCheck;
  declare banner: Banner | null;
  declare notice: string | null;
  declare sync: OutboxStatus | null;
  declare now: number;
  declare fatal: string | null;

  #journal: Journal | null = null;
  #outbox: Outbox | null = null;
  #gate: GateLink | null = null;
  #timers: ReturnType<typeof setInterval>[] = [];
  #bannerTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.locale = localStorage.getItem('checkpoint.locale') === 'en' ? 'en' : 'zh-CN';
    this.guardName = localStorage.getItem('checkpoint.guard');
    this.roster = undefined;
    this.link = 'connecting';
    this.devices = new Map();
    this.scan = null;
    this.identity = null;
    this.reading = null;
    this.direction = 'in';
    this.mask = 'worn';
    this.banner = null;
    this.notice = null;
    this.sync = null;
    this.now = Date.now();
    this.fatal = null;
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
      this.#journal = await Journal.open();
    } catch (cause) {
      this.fatal = `IndexedDB: ${cause instanceof Error ? cause.message : String(cause)}`;
      return;
    }
    this.roster = await this.#journal.roster();
    this.#outbox = new Outbox({
      store: this.#journal,
      post: async (batch) => {
        const response = await fetch('uplink/entries', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(batch),
        });
        return { status: response.status, body: await response.json().catch(() => null) };
      },
      onStatus: (status) => {
        this.sync = status;
      },
    });
    this.#outbox.start();
    const wsUrl = new URL('events', location.href);
    wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.#gate = new GateLink({
      url: wsUrl.href,
      onEvent: (event) => this.#onHardwareEvent(event),
      onState: (state) => {
        this.link = state;
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

  async #refreshRoster(): Promise<void> {
    try {
      const response = await fetch('uplink/roster');
      if (!response.ok) return;
      const parsed = RosterSnapshot.safeParse(await response.json());
      if (!parsed.success) {
        this.notice = 'roster from the server is unreadable';
        return;
      }
      await this.#journal?.saveRoster(parsed.data);
      this.roster = parsed.data;
      if (this.scan) this.identity = identify(this.scan.event.payload, this.roster);
    } catch {
      // Offline: the cached roster stays in force; the status bar already shows the link state.
    }
  }

  #onHardwareEvent(event: HardwareEvent): void {
    const receivedAt = Date.now();
    switch (event.type) {
      case 'scan':
        this.scan = { event, receivedAt };
        this.identity = identify(event.payload, this.roster);
        if (this.reading && readingFreshness(this.reading.receivedAt, receivedAt, receivedAt) !== 'fresh') this.reading = null;
        this.direction = 'in';
        this.mask = 'worn';
        if (this.banner?.kind !== 'saving') this.banner = null;
        break;
      case 'temperature':
        this.reading = { event, receivedAt };
        break;
      case 'device-status':
        this.devices = new Map(this.devices).set(event.deviceId, event);
        break;
      case 'input-rejected':
        this.notice = `${this.#t.inputRejected}: ${event.reason}`;
        break;
    }
  }

  #currentReading(): TemperatureReading | null {
    if (!this.reading) return null;
    const freshness = readingFreshness(this.reading.receivedAt, this.scan?.receivedAt ?? null, this.now);
    return freshness === 'fresh' ? this.reading.event : null;
  }

  async #decide(decision: Decision): Promise<void> {
    const { roster, scan, identity, guardName, banner } = this;
    if (!roster || !scan || !identity || !guardName || banner?.kind === 'saving' || !this.#journal) return;
    this.now = Date.now();
    const reading = this.#currentReading();
    let record;
    try {
      record = buildEntry({
        id: uuidv7(),
        now: new Date(),
        roster,
        guardName,
        direction: this.direction,
        mask: this.mask,
        scan: scan.event.payload,
        identity,
        reading,
        decision,
      });
    } catch (cause) {
      this.#showBanner({ kind: 'error', detail: cause instanceof Error ? cause.message : String(cause) });
      return;
    }
    this.banner = { kind: 'saving' };
    try {
      await this.#journal.append(record);
    } catch (cause) {
      this.#showBanner({ kind: 'error', detail: cause instanceof Error ? cause.message : String(cause) });
      return;
    }
    this.#showBanner({ kind: 'logged', identity, reading, decision });
    this.#signal(decision, isFever(reading));
    this.scan = null;
    this.identity = null;
    this.reading = null;
    this.#outbox?.kick();
  }

  #signal(decision: Decision, fever: boolean): void {
    const commands: HardwareCommand[] =
      decision === 'admitted' && !fever
        ? [{ type: 'lights', green: true, red: false }, { type: 'buzzer', pattern: 'admit' }, { type: 'gate' }]
        : [{ type: 'lights', green: false, red: true }, { type: 'buzzer', pattern: fever ? 'fever' : 'deny' }];
    if (decision === 'admitted' && fever) commands.push({ type: 'gate' });
    for (const command of commands) this.#gate?.send(command);
  }

  #showBanner(banner: Banner): void {
    this.banner = banner;
    if (this.#bannerTimer) clearTimeout(this.#bannerTimer);
    this.#bannerTimer = setTimeout(() => {
      if (this.banner === banner) this.banner = null;
    }, BANNER_MS);
  }

  #setLocale(locale: Locale): void {
    this.locale = locale;
    localStorage.setItem('checkpoint.locale', locale);
    document.documentElement.lang = locale;
  }

  #signIn(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('guard') as HTMLInputElement;
    const name = input.value.trim();
    if (!name) return;
    localStorage.setItem('checkpoint.guard', name);
    this.guardName = name;
  }

  #signOut(): void {
    localStorage.removeItem('checkpoint.guard');
    this.guardName = null;
  }

  override render(): TemplateResult {
    const t = this.#t;
    return html`
      <header>
        <h1>${t.title}${this.roster ? html` · ${this.roster.gate.name}` : nothing}</h1>
        ${this.guardName
          ? html`<span>${t.guard}${t.colon}<strong>${this.guardName}</strong></span>
              <button @click=${() => this.#signOut()}>${t.signOut}</button>`
          : nothing}
        <button lang=${this.locale === 'en' ? 'zh-CN' : 'en'} @click=${() => this.#setLocale(this.locale === 'en' ? 'zh-CN' : 'en')}>
          ${t.language}
        </button>
      </header>
      ${this.#renderStatus()}
      ${this.fatal ? html`<p class="banner error" role="alert">${this.fatal}</p>` : nothing}
      ${this.guardName ? this.#renderScreening() : this.#renderSignIn()}
    `;
  }

  #renderStatus(): TemplateResult {
    const t = this.#t;
    const sync = this.sync;
    const stateClass = { connected: 'ok', reconnecting: 'warn', failed: 'bad' } as const;
    return html`<section class="status" aria-label="status">
      <span class="pill ${this.link === 'open' ? 'ok' : 'bad'}" data-test="gate-link">
        ${this.link === 'open' ? t.online : t.gateLinkDown}
      </span>
      ${[...this.devices.values()].map(
        (device) => html`<span class="pill ${stateClass[device.state]}" title=${device.reason ?? ''}>
          ${t[device.device]}: ${t[device.state]}</span
        >`,
      )}
      <span class="unsent pill ${sync && sync.unsent > 0 ? 'warn' : 'ok'}" data-test="unsent">
        ${t.unsent}: <span data-test="unsent-count">${sync?.unsent ?? '…'}</span>
      </span>
      ${sync && sync.rejected > 0 ? html`<span class="pill bad" data-test="rejected">${t.rejected}: ${sync.rejected}</span>` : nothing}
      <span>${t.lastSync}: ${sync?.lastSuccessAt ? this.#time(sync.lastSuccessAt) : t.never}</span>
      ${sync?.lastError ? html`<span class="pill bad" data-test="sync-error">${t.syncError}: ${sync.lastError}</span>` : nothing}
      ${this.roster ? nothing : html`<span class="pill bad">${t.rosterMissing}</span>`}
    </section>`;
  }

  #renderSignIn(): TemplateResult {
    const t = this.#t;
    return html`<form class="signin" @submit=${(e: SubmitEvent) => this.#signIn(e)}>
      <label for="guard">${t.guardNamePrompt}</label>
      <input id="guard" name="guard" autocomplete="name" placeholder=${t.guardNamePlaceholder} maxlength="40" required autofocus />
      <button type="submit">${t.signIn}</button>
    </form>`;
  }

  #renderScreening(): TemplateResult {
    const t = this.#t;
    const reading = this.#currentReading();
    const fever = isFever(reading);
    const canDecide = this.scan !== null && this.roster !== undefined && this.banner?.kind !== 'saving';
    return html`
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      ${this.#renderBanner()}
      <main>
        <section class="card" aria-live="polite" data-test="person">
          <h2>${t.person}</h2>
          ${this.#renderPerson()}
        </section>
        <section class="card ${fever ? 'fever' : ''}" aria-live="polite" data-test="temperature">
          <h2>${t.temperature}</h2>
          ${this.#renderReading(reading, fever)}
        </section>
      </main>
      <div class="choices">
        <span>${t.direction}</span>
        ${this.#segmented<Direction>([['in', t.in], ['out', t.out]], this.direction, (v) => (this.direction = v))}
        <span>${t.mask}</span>
        ${this.#segmented<MaskCheck>(
          [['worn', t.maskWorn], ['not-worn', t.maskNotWorn], ['given', t.maskGiven]],
          this.mask,
          (v) => (this.mask = v),
        )}
      </div>
      <div class="actions">
        <button class="admit" data-test="admit" ?disabled=${!canDecide} @click=${() => this.#decide('admitted')}>${t.admit}</button>
        <button class="deny" data-test="deny" ?disabled=${!canDecide} @click=${() => this.#decide('denied')}>${t.deny}</button>
      </div>
    `;
  }

  #renderBanner(): TemplateResult | typeof nothing {
    const banner = this.banner;
    if (!banner) return nothing;
    const t = this.#t;
    if (banner.kind === 'saving') return html`<p class="banner saving" role="status">${t.saving}</p>`;
    if (banner.kind === 'error') return html`<p class="banner error" role="alert" data-test="banner">${t.saveFailed}${banner.detail}</p>`;
    const who = banner.identity.name ?? t[banner.identity.category];
    const temp = banner.reading ? ` ${banner.reading.objectC.toFixed(1)}°C` : '';
    return html`<p class="banner logged" role="status" data-test="banner">
      ${t.logged} ✓ ${who}${temp} · ${t[banner.decision === 'admitted' ? 'admit' : 'deny']}
    </p>`;
  }

  #renderPerson(): TemplateResult {
    const t = this.#t;
    const identity = this.identity;
    const scan = this.scan?.event.payload;
    if (!identity || !scan) return html`<p class="waiting">${t.waitingScan}</p>`;
    return html`
      <p class="name" data-test="person-name">${identity.name ?? t[identity.category]}</p>
      ${identity.name ? html`<p class="detail">${t[identity.category]}</p>` : nothing}
      ${identity.room ? html`<p class="detail">${t.room}${t.colon}${identity.room}</p>` : nothing}
      ${identity.idMasked ? html`<p class="detail">${identity.idMasked}</p>` : nothing}
      ${identity.problem
        ? html`<p class="problem" data-test="person-problem">
            ${t[identity.problem]}${identity.problemDetail ? html`${t.colon}${t[identity.problemDetail as MessageKey]}` : nothing}
          </p>`
        : nothing}
      ${scan.kind === 'unknown' ? html`<p class="detail">${t.scannedText}${t.colon}<bdi>${scan.text}</bdi></p>` : nothing}
      ${scan.kind === 'visitor-code' ? html`<p class="detail">${scan.code}</p>` : nothing}
    `;
  }

  #renderReading(reading: TemperatureReading | null, fever: boolean): TemplateResult {
    const t = this.#t;
    if (!reading) {
      const stale = this.reading !== null;
      return html`<p class="waiting">${stale ? t.readingStale : t.noReading}</p>`;
    }
    return html`
      <p class="temp ${fever ? 'fever' : ''}" data-test="temperature-value">${reading.objectC.toFixed(1)}°C</p>
      ${fever ? html`<p class="problem" role="alert">${t.fever}</p>` : nothing}
      ${reading.ambientC !== null ? html`<p class="detail">${t.ambient} ${reading.ambientC.toFixed(1)}°C</p>` : nothing}
    `;
  }

  #segmented<T extends string>(options: [T, string][], value: T, set: (value: T) => void): TemplateResult {
    return html`<div class="segmented" role="group">
      ${options.map(
        ([key, label]) => html`<button type="button" aria-pressed=${key === value ? 'true' : 'false'} @click=${() => set(key)}>${label}</button>`,
      )}
    </div>`;
  }

  #time(iso: string): string {
    return new Intl.DateTimeFormat(this.locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  }
}

customElements.define('checkpoint-kiosk', CheckpointKiosk);
