import { html } from 'lit';
import type { FigureRow, FiguresResponse } from '../../../protocol/review-queries.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { tableStyles } from './entry-table.ts';
import { hourlyChart, hourlyTotals } from './hourly-chart.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { fetchFigures, fetchGates, figuresCsvUrl } from '../api/review-api.ts';
import { REVIEW_MESSAGES } from '../i18n/review-messages.ts';
import { addDays, communityToday } from '../shared/community-time.ts';
import { ConsolePage } from '../shared/console-page.ts';

type Totals = Pick<FigureRow, 'entries' | 'visitors' | 'vehicles' | 'fevers' | 'denied'>;

function sum(rows: readonly Totals[]): Totals {
  return rows.reduce(
    (t, r) => ({
      entries: t.entries + r.entries,
      visitors: t.visitors + r.visitors,
      vehicles: t.vehicles + r.vehicles,
      fevers: t.fevers + r.fevers,
      denied: t.denied + r.denied,
    }),
    { entries: 0, visitors: 0, vehicles: 0, fevers: 0, denied: 0 },
  );
}

/** Daily figures per gate and hour: a chart by hour, a table per day and gate, and the CSV. */
export class CpFigures extends ConsolePage {
  static override properties = { ...ConsolePage.properties, range: { state: true } };
  declare range: { from: string; to: string; gateId?: string };
  readonly #figures = this.loader(
    () => [this.range] as const,
    ([range]) => fetchFigures(range),
  );
  readonly #gates = this.loader(
    () => [],
    () => fetchGates(),
  );

  static override styles = [consoleStyles, tableStyles];

  constructor() {
    super();
    const today = communityToday();
    this.range = { from: addDays(today, -6), to: today };
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const gateId = String(data.get('gateId') ?? '');
    this.range = { from: String(data.get('from')), to: String(data.get('to')), ...(gateId ? { gateId } : {}) };
  }

  override render() {
    const m = MESSAGES[this.language];
    const r = REVIEW_MESSAGES[this.language];
    const gates = this.#gates.value?.gates ?? [];
    return html`
      <h2>${r.figures}</h2>
      <form @submit=${this.#submit}>
        <label>${r.fromDay}<input type="date" name="from" required .value=${this.range.from} /></label>
        <label>${r.toDay}<input type="date" name="to" required .value=${this.range.to} /></label>
        <label
          >${m.gate}<select name="gateId">
            <option value="">${r.anyGate}</option>
            ${gates.map((gate) => html`<option value=${gate.id} ?selected=${gate.id === this.range.gateId}>${gate.name}</option>`)}
          </select></label
        >
        <button class="primary" type="submit">${r.apply}</button>
        <a class="button" href=${figuresCsvUrl(this.range, this.language)} download>${r.exportCsv}</a>
      </form>
      ${this.renderLoaded(this.#figures, (figures) => this.#figuresShown(figures))}
    `;
  }

  #figuresShown(figures: FiguresResponse) {
    const m = MESSAGES[this.language];
    const r = REVIEW_MESSAGES[this.language];
    const days = figures.days;
    const total = sum(days);
    return html`
      <h3>${r.byHour}</h3>
      ${hourlyChart(hourlyTotals(figures.hours), { title: r.byHour, entries: r.entries, fevers: r.feversCount })}
      <table>
        <thead>
          <tr>
            <th>${r.day}</th>
            <th>${m.gate}</th>
            <th>${r.entries}</th>
            <th>${r.visitors}</th>
            <th>${r.vehicles}</th>
            <th>${r.feversCount}</th>
            <th>${r.denied}</th>
          </tr>
        </thead>
        <tbody>
          ${
            days.length === 0
              ? html`<tr>
                  <td class="empty" colspan="7">${r.noFigures}</td>
                </tr>`
              : days.map(
                  (d) =>
                    html`<tr>
                      <td class="num">${d.day}</td>
                      <td>${d.gateName}</td>
                      <td class="num">${d.entries}</td>
                      <td class="num">${d.visitors}</td>
                      <td class="num">${d.vehicles}</td>
                      <td class="num ${d.fevers > 0 ? 'hot' : ''}">${d.fevers}</td>
                      <td class="num">${d.denied}</td>
                    </tr>`,
                )
          }
        </tbody>
        ${
          days.length > 0
            ? html`<tfoot>
                <tr>
                  <th colspan="2">${r.total}</th>
                  <th class="num">${total.entries}</th>
                  <th class="num">${total.visitors}</th>
                  <th class="num">${total.vehicles}</th>
                  <th class="num">${total.fevers}</th>
                  <th class="num">${total.denied}</th>
                </tr>
              </tfoot>`
            : null
        }
      </table>
    `;
  }
}
customElements.define('cp-figures', CpFigures);
