import { css, html, nothing } from 'lit';
import type { BoardResponse, BoardRow } from '../../../protocol/daily-reports.ts';
import { reportSheetPath, reportsApi } from '../api/reports-api.ts';
import { REPORT_MESSAGES } from '../i18n/report-messages.ts';
import { tableStyles } from '../review/entry-table.ts';
import { ConsolePage } from '../shared/console-page.ts';
import { consoleStyles, linkButtonStyles } from '../shared/console-styles.ts';
import { formFields } from '../shared/form-fields.ts';
import { levelName, orgTree } from '../shared/org-context.ts';
import { onClock, statusBadge, statusStyles } from './cp-daily-report.ts';

/**
 * Who has sent up the day's report: a street's communities one by one, a district's streets with
 * their communities counted. A unit's name opens it (the shell's working unit changes to it), so a
 * district drills down to a street and on to a community's report. The street or district sets
 * the deadline for those below it.
 */
export class CpReportBoard extends ConsolePage {
  static override properties = { ...ConsolePage.properties, nodeId: {}, day: {} };
  declare nodeId: string;
  declare day: string;
  readonly #board = this.loader(
    () => [this.nodeId, this.day] as const,
    ([nodeId, day]) => reportsApi.board(nodeId, day),
  );

  static override styles = [
    consoleStyles,
    linkButtonStyles,
    tableStyles,
    statusStyles,
    css`
      .level {
        color: #444;
        font-weight: 400;
      }
      form.deadline {
        display: flex;
        flex-wrap: wrap;
        gap: 10px;
        align-items: end;
        margin: 8px 0 14px;
      }
      form.deadline input {
        font: inherit;
        width: 6em;
      }
      form.deadline input[type='time'] {
        width: 8.5em;
      }
      .summary {
        font-size: 18px;
      }
    `,
  ];

  constructor() {
    super();
    this.nodeId = '';
    this.day = '';
  }

  /** The street or district the reports go to sets their deadline; a community's own staff do not. */
  #maySetDeadline(): boolean {
    const tree = orgTree();
    const root = tree?.nodes.find((n) => n.id === tree.root);
    return root?.level === 'district' || root?.level === 'street';
  }

  async #saveDeadline(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const fields = formFields(event.target as HTMLFormElement);
    const result = await reportsApi.setDeadline(this.nodeId, {
      daysAfter: Number(fields.daysAfter),
      time: String(fields.time ?? ''),
    });
    if (!this.accept(result)) return;
    this.done(REPORT_MESSAGES[this.language].deadlineSaved);
    await this.#board.run();
  }

  #open(id: string): void {
    this.dispatchEvent(new CustomEvent('choose-working', { detail: id, bubbles: true, composed: true }));
  }

  #row(row: BoardRow) {
    const r = REPORT_MESSAGES[this.language];
    const counts = `${row.counts.submitted} / ${row.counts.late} / ${row.counts.missing} / ${row.counts.due}`;
    const zone = row.timeZone;
    return html`<tr>
      <th scope="row">
        <span class="level">${levelName(row.level, this.language)}</span>
        <button class="link" @click=${() => this.#open(row.id)}>${row.name}</button>
      </th>
      <td>${statusBadge(row.status, r.statusWords)}</td>
      <td class="num">${row.level === 'street' ? counts : row.deadline && zone ? onClock(row.deadline, zone) : '—'}</td>
      <td class="num">
        ${row.submittedAt && zone ? html`${onClock(row.submittedAt, zone)} · ${row.submittedBy ?? '—'}` : '—'}
        ${row.version ? html`<div class="muted">${r.version} ${row.version}${row.corrected ? ` · ${r.corrected}` : ''}</div>` : nothing}
        ${row.awaitingSubmit ? html`<div class="muted">${r.awaitingSubmit}</div>` : nothing}
      </td>
    </tr>`;
  }

  #shown(board: BoardResponse) {
    const r = REPORT_MESSAGES[this.language];
    const streets = board.node.level === 'district';
    const deadline = board.deadline;
    return html`
      <p class="summary">
        ${statusBadge('submitted', r.statusWords)} ${board.total.submitted} ${statusBadge('late', r.statusWords)}
        ${board.total.late} ${statusBadge('missing', r.statusWords)} ${board.total.missing} ${statusBadge('due', r.statusWords)}
        ${board.total.due}
      </p>
      <p>
        ${r.deadline}: <strong>${r.deadlineRule(deadline.daysAfter, deadline.time)}</strong>
        <span class="muted">${deadline.from ? `${r.deadlineFrom} ${deadline.from.name}` : r.deadlineDefault}</span>
      </p>
      ${
        this.#maySetDeadline()
          ? html`<form class="deadline" @submit=${this.#saveDeadline} aria-label=${r.setDeadline}>
              <label
                >${r.daysAfter}<br /><input
                  name="daysAfter"
                  type="number"
                  min="0"
                  max="7"
                  required
                  .value=${String(deadline.daysAfter)}
              /></label>
              <label>${r.time}<br /><input name="time" type="time" required .value=${deadline.time} /></label>
              <button type="submit">${r.setDeadline}</button>
            </form>`
          : nothing
      }
      ${this.renderNotice()}
      <p>
        <a class="button" href=${reportSheetPath(board.node.id, board.day, 'csv', this.language)} download>${r.exportCsv}</a>
        <a class="button" href=${reportSheetPath(board.node.id, board.day, 'xlsx', this.language)} download>${r.exportXlsx}</a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">${streets ? r.streets : r.communities}</th>
            <th scope="col">${r.status}</th>
            <th scope="col">${streets ? r.counts : r.deadline}</th>
            <th scope="col">${r.submittedAt}</th>
          </tr>
        </thead>
        <tbody>
          ${board.rows.map((row) => this.#row(row))}
        </tbody>
      </table>
    `;
  }

  override render() {
    const r = REPORT_MESSAGES[this.language];
    const board = this.#board.value;
    return html`
      <h2>
        ${r.boardTitle}${board ? html` · ${levelName(board.node.level, this.language)} ${board.node.name} · ${board.day}` : nothing}
      </h2>
      ${this.renderLoaded(this.#board, (value) => this.#shown(value))}
    `;
  }
}
customElements.define('cp-report-board', CpReportBoard);
