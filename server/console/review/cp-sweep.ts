import { html } from 'lit';
import type { SweepResponse } from '../../../protocol/review-queries.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formatTime, tableStyles } from './entry-table.ts';
import { label, MESSAGES } from '../i18n/messages.ts';
import { fetchSweep } from '../api/review-api.ts';
import { REVIEW_MESSAGES } from '../i18n/review-messages.ts';
import { ReviewPage } from '../shared/review-page.ts';

/** The lit-window count made digital: quiet households and people passing who are not on the roster. */
export class CpSweep extends ReviewPage {
  static override properties = { ...ReviewPage.properties, result: { state: true }, days: { state: true } };
  declare result: SweepResponse | null;
  declare days: number;

  static override styles = [consoleStyles, tableStyles];

  constructor() {
    super();
    this.result = null;
    this.days = 7;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    this.busy = true;
    const result = await fetchSweep(this.days);
    this.busy = false;
    if (this.accept(result)) this.result = result.value;
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    this.days = Number(new FormData(event.target as HTMLFormElement).get('days')) || 7;
    void this.#load();
  }

  override render() {
    const m = MESSAGES[this.language];
    const r = REVIEW_MESSAGES[this.language];
    const s = this.result;
    return html`
      <h2>${r.sweep}</h2>
      <form @submit=${this.#submit}>
        <label>${r.days}<input name="days" type="number" min="1" max="90" .value=${String(this.days)} /></label>
        <button class="primary" type="submit">${r.apply}</button>
        ${s ? html`<span class="muted">${r.since} ${formatTime(s.since, this.language)}</span>` : null}
      </form>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null}
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
            !s || s.quietHouseholds.length === 0
              ? html`<tr>
                  <td class="empty" colspan="3">${this.busy ? r.loading : r.noneFound}</td>
                </tr>`
              : s.quietHouseholds.map(
                  (h) =>
                    html`<tr>
                      <td>${h.address}</td>
                      <td class="num">${h.persons}</td>
                      <td class="num">${h.lastSeenAt ? formatTime(h.lastSeenAt, this.language) : r.never}</td>
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
            !s || s.offRoster.length === 0
              ? html`<tr>
                  <td class="empty" colspan="5">${this.busy ? r.loading : r.noneFound}</td>
                </tr>`
              : s.offRoster.map(
                  (p) =>
                    html`<tr>
                      <td>${p.name ?? '—'} <span class="muted">· ${label.category(m, p.category)}</span></td>
                      <td class="num">${p.idMasked ?? '—'}</td>
                      <td class="num">${p.passages}</td>
                      <td class="num">${formatTime(p.lastSeenAt, this.language)}</td>
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
