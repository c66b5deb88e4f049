import { css, html, LitElement } from 'lit';
import { FeverAlert } from '../../../protocol/accounts.ts';
import { revealInvisible } from '../../../protocol/visible-text.ts';
import { ACCOUNTS_MESSAGES } from '../i18n/accounts-messages.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formatInstant } from '../shared/format-instant.ts';
import { label, MESSAGES } from '../i18n/messages.ts';
import type { Language } from '../i18n/language.ts';

const SHOWN = 5;

/**
 * Listens to `/api/v1/live/fevers` (Server-Sent Events) while on the page and shows a red banner
 * for each fever ingested since, newest first, until dismissed. EventSource reconnects by itself
 * after a network drop; a refused stream (signed out, wrong role) stays closed.
 */
export class CpFeverBanner extends LitElement {
  static override properties = {
    language: {},
    alerts: { state: true },
  };
  declare language: Language;
  declare alerts: FeverAlert[];
  #source: EventSource | null = null;

  static override styles = [
    consoleStyles,
    css`
      :host {
        display: block;
      }
      .banner {
        margin: 10px 20px 0;
        padding: 10px 14px;
        border: 3px solid #a30000;
        border-radius: 4px;
        background: #ffe3e3;
        color: #111;
      }
      .banner strong.title {
        color: #a30000;
        font-size: 20px;
        margin-right: 12px;
      }
      ul {
        margin: 6px 0;
        padding-left: 20px;
      }
      li {
        margin: 2px 0;
      }
      .hot {
        color: #a30000;
        font-weight: 800;
      }
    `,
  ];

  constructor() {
    super();
    this.language = 'zh-CN';
    this.alerts = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const source = new EventSource('/api/v1/live/fevers');
    source.addEventListener('fever', (event) => {
      const parsed = FeverAlert.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success) this.alerts = [parsed.data, ...this.alerts.filter((a) => a.entry.id !== parsed.data.entry.id)];
    });
    this.#source = source;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#source?.close();
    this.#source = null;
  }

  override render() {
    if (this.alerts.length === 0) return null;
    const m = ACCOUNTS_MESSAGES[this.language];
    const words = MESSAGES[this.language];
    return html`
      <div class="banner" role="alert">
        <strong class="title">${m.feverAlert} (${this.alerts.length})</strong>
        <button @click=${() => (this.alerts = [])}>${m.dismiss}</button>
        <ul>
          ${this.alerts.slice(0, SHOWN).map(({ entry }) => {
            const reading = entry.reading;
            return html`<li>
              ${formatInstant(entry.occurredAt, this.language, { gateId: entry.gateId })} · ${entry.gateName} ·
              ${label.direction(words, entry.direction)} ·
              <strong>${entry.personName ? revealInvisible(entry.personName) : '—'}</strong>
              (${label.category(words, entry.category)})
              ${reading ? html`· ${m.feverAt} <span class="hot">${reading.valueC.toFixed(1)} °C</span> (${label.source(words, reading.source)})` : null}
              · ${label.decision(words, entry.decision, entry.abandonReason)}
            </li>`;
          })}
        </ul>
      </div>
    `;
  }
}
customElements.define('cp-fever-banner', CpFeverBanner);
