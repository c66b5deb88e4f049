import { html } from 'lit';
import type { SweepResponse } from '../../../protocol/review-queries.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formatTime, tableStyles } from './entry-table.ts';
import { label, MESSAGES } from '../i18n/messages.ts';
import { fetchSweep } from '../api/review-api.ts';
import { REVIEW_MESSAGES } from '../i18n/review-messages.ts';
import { ConsolePage } from '../shared/console-page.ts';

/** The lit-window count made digital: quiet households and people passing who are not on the roster. */
export class CpSweep extends ConsolePage {
  static override properties = { ...ConsolePage.properties, days: { state: true } };
  declare days: number;
  readonly #sweep = this.loader(
    () => [this.days] as const,
    ([days]) => fetchSweep(days),
  );

  static override styles = [consoleStyles, tableStyles];

  constructor() {
    super();
    this.days = 7;
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    this.days = Number(new FormData(event.target as HTMLFormElement).get('days')) || 7;
  }

  override render() {
    const r = REVIEW_MESSAGES[this.language];
    return html`
      <h2>${r.sweep}</h2>
      <form @submit=${this.#submit} aria-label=${r.sweep}>
        <label>${r.days}<input name="days" type="number" min="1" max="90" .value=${String(this.days)} /></label>
        <button class="primary" type="submit">${r.apply}</button>
      </form>
      ${this.renderLoaded(this.#sweep, (s) => this.#sweepTables(s))}
    `;
  }

  #sweepTables(s: SweepResponse) {
    const m = MESSAGES[this.language];
    const r = REVIEW_MESSAGES[this.language];
    return html`
      <p class="muted">${r.since} ${formatTime(s.since, this.language)}</p>
      <h3>${r.quietHouseholds}</h3>
      <table>
        <thead>
          <tr>
            <th>${r.address}</th>
            <th>${r.persons}</th>
            <th>${r.lastSeen}</th>
          </tr>
        </thead>
        <tbody>
          ${
            s.quietHouseholds.length === 0
              ? html`<tr>
                  <td class="empty" colspan="3">${r.noneFound}</td>
                </tr>`
              : s.quietHouseholds.map(
                  (h) =>
                    html`<tr>
                      <td>${h.address}</td>
                      <td class="num">${h.persons}</td>
                      <td class="num">
                        ${h.lastSeenAt ? formatTime(h.lastSeenAt, this.language, { gateId: h.lastGateId ?? undefined }) : r.never}
                      </td>
                    </tr>`,
                )
          }
        </tbody>
      </table>
      <h3>${r.offRoster}</h3>
      <table>
        <thead>
          <tr>
            <th>${m.person}</th>
            <th>${m.idMasked}</th>
            <th>${r.passages}</th>
            <th>${r.lastSeen}</th>
            <th>${m.gate}</th>
          </tr>
        </thead>
        <tbody>
          ${
            s.offRoster.length === 0
              ? html`<tr>
                  <td class="empty" colspan="5">${r.noneFound}</td>
                </tr>`
              : s.offRoster.map(
                  (p) =>
                    html`<tr>
                      <td>${p.name ?? '—'} <span class="muted">· ${label.category(m, p.category)}</span></td>
                      <td class="num">${p.idMasked ?? '—'}</td>
                      <td class="num">${p.passages}</td>
                      <td class="num">${formatTime(p.lastSeenAt, this.language, { gateId: p.lastGateId })}</td>
                      <td>${p.lastGateName}</td>
                    </tr>`,
                )
          }
        </tbody>
      </table>
    `;
  }
}
customElements.define('cp-sweep', CpSweep);
