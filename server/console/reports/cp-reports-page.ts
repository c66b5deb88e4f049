import { css, html, nothing } from 'lit';
import { REPORT_MESSAGES } from '../i18n/report-messages.ts';
import { ConsolePage } from '../shared/console-page.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { addDays, communityToday } from '../shared/community-time.ts';
import { workingNode } from '../shared/org-context.ts';
import './cp-daily-report.ts';
import './cp-report-board.ts';

/**
 * The daily report page: at a community, its own report; at a street or district, who below has
 * submitted; at a compound, where to go instead (a report covers a whole community). The day
 * starts at yesterday on the community's clock, the day a report is usually due for.
 */
export class CpReportsPage extends ConsolePage {
  static override properties = { ...ConsolePage.properties, day: { state: true } };
  declare day: string;

  static override styles = [
    consoleStyles,
    css`
      form {
        margin-top: 12px;
      }
      input {
        font: inherit;
      }
    `,
  ];

  constructor() {
    super();
    this.day = addDays(communityToday(), -1);
  }

  #choose(event: SubmitEvent): void {
    event.preventDefault();
    const value = String(new FormData(event.target as HTMLFormElement).get('day') ?? '');
    if (value) this.day = value;
  }

  override render() {
    const r = REPORT_MESSAGES[this.language];
    const node = workingNode();
    if (!node || node.level === 'compound')
      return html`<h2>${r.title}</h2>
        <p>${r.chooseCommunity}</p>`;
    return html`
      <form @submit=${this.#choose}>
        <label>${r.day} <input type="date" name="day" required max=${communityToday()} .value=${this.day} /></label>
        <button class="primary" type="submit">${r.show}</button>
      </form>
      ${
        node.level === 'community'
          ? html`<cp-daily-report .language=${this.language} .nodeId=${node.id} .day=${this.day}></cp-daily-report>`
          : html`<cp-report-board .language=${this.language} .nodeId=${node.id} .day=${this.day}></cp-report-board>`
      }
      ${nothing}
    `;
  }
}
customElements.define('cp-reports-page', CpReportsPage);
