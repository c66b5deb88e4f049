import { css, html, nothing, type PropertyValues } from 'lit';
import type { Chart } from 'chart.js';
import type { CompoundStanding, RollupResponse } from '../../../protocol/rollups.ts';
import { orgApi, rollupExportPath } from '../api/org-api.ts';
import { ORG_MESSAGES } from '../i18n/org-messages.ts';
import { addDays, communityToday } from '../shared/community-time.ts';
import { ConsolePage } from '../shared/console-page.ts';
import { consoleStyles, linkButtonStyles } from '../shared/console-styles.ts';
import { levelName } from '../shared/org-context.ts';
import { tableStyles } from '../review/entry-table.ts';
import { drawRollupChart } from './rollup-chart.ts';
import { figureCells, figureHead, figureStyles } from './figure-columns.ts';

/**
 * A node's figures per child for the last day or the whole period, a chart of the period, each
 * compound's epidemic-free standing with what it lacks, and the sheet a street office sends up.
 * A child's name opens its own roll-up (the shell's working unit changes to it).
 */
export class CpRollupsPage extends ConsolePage {
  static override properties = { ...ConsolePage.properties, range: { state: true }, span: { state: true } };
  declare range: { from: string; to: string };
  declare span: 'day' | 'period';
  #chart: Chart | null = null;
  /** What the chart shows, so it is redrawn only for new figures or another language. */
  #charted: { rollup: RollupResponse; language: string } | null = null;
  readonly #rollup = this.loader(
    () => [this.range] as const,
    ([range]) => orgApi.rollups(range),
  );

  static override styles = [
    consoleStyles,
    linkButtonStyles,
    tableStyles,
    figureStyles,
    css`
      .chart {
        position: relative;
        height: 240px;
        background: #fff;
        border: 1px solid #c8d1db;
        margin-bottom: 12px;
      }
      fieldset {
        display: inline-flex;
        gap: 12px;
        border: none;
        margin: 0;
        padding: 0;
      }
      tbody th {
        background: transparent;
        color: #1a1a1a;
      }
      .level {
        color: #444;
        font-weight: 400;
      }
      .free {
        color: #146c2e;
        font-weight: 700;
      }
      .close {
        color: #8a5a00;
        font-weight: 700;
      }
    `,
  ];

  constructor() {
    super();
    const today = communityToday();
    this.range = { from: addDays(today, -13), to: today };
    this.span = 'period';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#chart?.destroy();
    this.#chart = null;
    this.#charted = null;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const canvas = this.renderRoot.querySelector('canvas');
    const rollup = this.#rollup.value;
    if (!canvas || !rollup) return;
    if (this.#chart?.canvas === canvas && this.#charted?.rollup === rollup && this.#charted.language === this.language) return;
    this.#chart?.destroy();
    this.#charted = { rollup, language: this.language };
    const o = ORG_MESSAGES[this.language];
    this.#chart = drawRollupChart(canvas, rollup.children, {
      passagesIn: o.passagesIn,
      passagesOut: o.passagesOut,
      passages: o.passages,
      fevers: o.fevers,
    });
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.range = { from: String(data.get('from')), to: String(data.get('to')) };
  }

  #open(id: string): void {
    this.dispatchEvent(new CustomEvent('choose-working', { detail: id, bubbles: true, composed: true }));
  }

  #lack(lack: CompoundStanding['lacks'][number]) {
    const o = ORG_MESSAGES[this.language];
    const kind = lack.kind === 'confirmed-case' ? o.lack_confirmed : lack.kind === 'watch' ? o.lack_watch : o['lack_fever-event'];
    return html`<li>
      ${kind} ${lack.subject} · ${lack.until ? `${o.until} ${lack.until}` : html`<strong>${o.needsAction}</strong>`}
    </li>`;
  }

  #shown(rollup: RollupResponse) {
    const o = ORG_MESSAGES[this.language];
    return html`
      <div class="chart"><canvas role="img" aria-label=${o.chartTitle}></canvas></div>
      <fieldset>
        <legend class="muted">${rollup.from} – ${rollup.to}</legend>
        <label
          ><input type="radio" name="span" .checked=${this.span === 'day'} @change=${() => (this.span = 'day')} />${o.lastDay}
          ${rollup.to}</label
        >
        <label
          ><input
            type="radio"
            name="span"
            .checked=${this.span === 'period'}
            @change=${() => (this.span = 'period')}
          />${o.period}</label
        >
      </fieldset>
      <table>
        <thead>
          <tr>
            <th scope="col">${o.unit}</th>
            ${figureHead(this.language)}
          </tr>
        </thead>
        <tbody>
          ${rollup.children.map(
            (child) =>
              html`<tr>
                <th scope="row">
                  <span class="level">${levelName(child.level, this.language)}</span>
                  <button class="link" @click=${() => this.#open(child.id)}>${child.name}</button>
                </th>
                ${figureCells(child[this.span], this.language)}
              </tr>`,
          )}
          <tr class="total">
            <th scope="row">${o.total}</th>
            ${figureCells(rollup.total[this.span], this.language)}
          </tr>
        </tbody>
      </table>
      <h3>${o.standing}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">${levelName('compound', this.language)}</th>
            <th scope="col">${o.epidemicFree}</th>
            <th scope="col">${o.lacks}</th>
          </tr>
        </thead>
        <tbody>
          ${rollup.compounds.map(
            (c) =>
              html`<tr>
                <th scope="row">${c.name}</th>
                <td>
                  ${
                    c.epidemicFree
                      ? html`<span class="free">${o.free}</span>`
                      : c.closeToFree
                        ? html`<span class="close">${o.close}</span>`
                        : o.notFree
                  }
                </td>
                <td>
                  ${
                    c.lacks.length > 0
                      ? html`<ul>
                          ${c.lacks.map((l) => this.#lack(l))}
                        </ul>`
                      : o.nothingLacking
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  override render() {
    const o = ORG_MESSAGES[this.language];
    const node = this.#rollup.value?.node;
    return html`
      <h2>${o.rollups}${node ? html` · ${levelName(node.level, this.language)} ${node.name}` : nothing}</h2>
      <form @submit=${this.#submit}>
        <label>${o.from}<input type="date" name="from" required .value=${this.range.from} /></label>
        <label>${o.to}<input type="date" name="to" required .value=${this.range.to} /></label>
        <button class="primary" type="submit">${o.show}</button>
        <a class="button" href=${rollupExportPath('csv', this.range, this.language)} download>${o.exportCsv}</a>
        <a class="button" href=${rollupExportPath('xlsx', this.range, this.language)} download>${o.exportXlsx}</a>
      </form>
      ${this.renderLoaded(this.#rollup, (rollup) => this.#shown(rollup))}
    `;
  }
}
customElements.define('cp-rollups-page', CpRollupsPage);
