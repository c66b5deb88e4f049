import { css, html, nothing } from 'lit';
import type { DailyReportView, ReportStatus, ReportVersion } from '../../../protocol/daily-reports.ts';
import { zonedTime } from '../../../protocol/zoned-time.ts';
import { reportsApi } from '../api/reports-api.ts';
import { REPORT_MESSAGES } from '../i18n/report-messages.ts';
import { tableStyles } from '../review/entry-table.ts';
import { figureStyles } from '../rollups/figure-columns.ts';
import { ConsolePage } from '../shared/console-page.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formFields } from '../shared/form-fields.ts';
import { reportFiguresTable, reportFigureStyles } from './report-figures.ts';

/** An instant on the community's own clock: `2026-11-26 10:00`. */
export function onClock(iso: string, timeZone: string): string {
  const t = zonedTime(iso, timeZone);
  return `${t.date} ${t.time.slice(0, 5)}`;
}

export const statusStyles = css`
  .badge {
    display: inline-block;
    padding: 2px 10px;
    border-radius: 4px;
    font-weight: 700;
    border: 2px solid currentColor;
    white-space: nowrap;
    margin-right: 6px;
  }
  .badge.submitted {
    color: #146c2e;
  }
  .badge.late {
    color: #8a5a00;
  }
  .badge.missing {
    color: #a30000;
  }
  .badge.due {
    color: #1b3a5c;
  }
  tbody th {
    background: transparent;
    color: #1a1a1a;
  }
`;

export function statusBadge(status: ReportStatus, words: Record<ReportStatus, string>) {
  return html`<span class="badge ${status}">${words[status]}</span>`;
}

/**
 * A community's report for a day: the draft from the data as it stands, the staff's check and
 * signature with a note, the submission, and every version signed so far (a submitted one is
 * never changed; a correction is the next version).
 */
export class CpDailyReport extends ConsolePage {
  static override properties = {
    ...ConsolePage.properties,
    nodeId: {},
    day: {},
    opened: { state: true },
  };
  declare nodeId: string;
  declare day: string;
  /** The version whose figures are shown below its row. */
  declare opened: number | null;
  readonly #report = this.loader(
    () => [this.nodeId, this.day] as const,
    ([nodeId, day]) => reportsApi.report(nodeId, day),
  );

  static override styles = [
    consoleStyles,
    tableStyles,
    figureStyles,
    reportFigureStyles,
    statusStyles,
    css`
      textarea {
        font: inherit;
        width: 100%;
        max-width: 640px;
        min-height: 3.2em;
        box-sizing: border-box;
      }
      .notice {
        border-left: 6px solid #8a5a00;
        padding: 6px 10px;
        background: #fff7e0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        align-items: end;
        margin: 12px 0;
      }
      .actions label {
        flex: 1 1 320px;
      }
      .note {
        white-space: pre-wrap;
      }
    `,
  ];

  constructor() {
    super();
    this.nodeId = '';
    this.day = '';
    this.opened = null;
  }

  async #sign(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const result = await reportsApi.sign(this.nodeId, this.day, String(formFields(form).note ?? ''));
    if (!this.accept(result)) return;
    form.reset();
    this.done(`${REPORT_MESSAGES[this.language].signed}${result.value.version}`);
    await this.#report.run();
  }

  async #submit(version: number): Promise<void> {
    const result = await reportsApi.submit(this.nodeId, this.day, version);
    if (!this.accept(result)) return;
    const r = REPORT_MESSAGES[this.language];
    this.done(`${result.value.late ? r.submittedLate : r.submitted}${result.value.version}`);
    await this.#report.run();
  }

  #versionRow(report: DailyReportView, v: ReportVersion, newest: boolean) {
    const r = REPORT_MESSAGES[this.language];
    const zone = report.timeZone;
    const submitted = v.submittedAt
      ? html`${onClock(v.submittedAt, zone)} · ${v.submittedBy ?? '—'}
        ${v.late ? html`<span class="badge late">${r.late}</span>` : nothing}`
      : newest
        ? html`<button class="primary" @click=${() => void this.#submit(v.version)}>${r.submit}${v.version}</button>`
        : html`<span class="muted">${r.superseded}</span>`;
    const open = this.opened === v.version;
    return html`<tr>
        <td class="num">${v.version}</td>
        <td class="num">${onClock(v.signedAt, zone)} · ${v.signedBy ?? '—'}</td>
        <td class="note">${v.note}</td>
        <td>${submitted}</td>
        <td>
          <button @click=${() => (this.opened = open ? null : v.version)} aria-expanded=${open ? 'true' : 'false'}>
            ${open ? r.hideVersion : r.viewVersion}
          </button>
        </td>
      </tr>
      ${
        open
          ? html`<tr>
              <td colspan="5">${reportFiguresTable(v.figures, this.language)}</td>
            </tr>`
          : nothing
      }`;
  }

  #shown(report: DailyReportView) {
    const r = REPORT_MESSAGES[this.language];
    const newest = report.versions[0];
    const changed = newest !== undefined && JSON.stringify(newest.figures) !== JSON.stringify(report.draft);
    return html`
      <p>
        ${statusBadge(report.status, r.statusWords)} ${r.deadline}:
        <strong class="num">${onClock(report.deadline, report.timeZone)}</strong>
        <span class="muted">(${report.timeZone})</span>
      </p>
      ${report.dayComplete ? nothing : html`<p class="notice">${r.dayRunning}</p>`}
      <h3>${r.draft}</h3>
      ${reportFiguresTable(report.draft, this.language)}
      ${changed ? html`<p class="notice" role="note">${r.draftChanged}</p>` : nothing}
      <form class="actions" @submit=${this.#sign}>
        <label>${r.note}<br /><textarea name="note" required maxlength="1000" placeholder=${r.notePlaceholder}></textarea></label>
        <button class="primary" type="submit">${r.sign}</button>
      </form>
      ${this.renderNotice()}
      <h3>${r.versions}</h3>
      ${
        report.versions.length === 0
          ? html`<p class="muted">${r.noVersions}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${r.version}</th>
                  <th scope="col">${r.signedBy}</th>
                  <th scope="col">${r.note}</th>
                  <th scope="col">${r.submittedBy}</th>
                  <th scope="col"></th>
                </tr>
              </thead>
              <tbody>
                ${report.versions.map((v, i) => this.#versionRow(report, v, i === 0))}
              </tbody>
            </table>`
      }
    `;
  }

  override render() {
    const r = REPORT_MESSAGES[this.language];
    const report = this.#report.value;
    return html`
      <h2>${r.title}${report ? html` · ${report.community.name} · ${report.day}` : nothing}</h2>
      ${this.renderLoaded(this.#report, (value) => this.#shown(value))}
    `;
  }
}
customElements.define('cp-daily-report', CpDailyReport);
