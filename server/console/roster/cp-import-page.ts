import { html } from 'lit';
import { ConsolePage } from '../shared/console-page.ts';
import type { ImportPreview } from '../../../protocol/roster-admin.ts';
import { revealInvisible } from '../../../protocol/visible-text.ts';
import { adminApi } from '../api/admin-api.ts';

import { adminStyles } from '../shared/admin-styles.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { importProblemText } from '../i18n/problem-messages.ts';
import { categoryLabel, ROSTER_MESSAGES } from '../i18n/roster-messages.ts';

/** Upload the paper roster as CSV/XLSX, see every row's problems, then import the valid rows. */
export class CpImportPage extends ConsolePage {
  static override properties = {
    ...ConsolePage.properties,
    file: { state: true },
    preview: { state: true },
    busy: { state: true },
  };
  declare file: File | null;
  declare preview: ImportPreview | null;
  declare busy: boolean;

  static override styles = [consoleStyles, adminStyles];

  constructor() {
    super();
    this.file = null;
    this.preview = null;
    this.busy = false;
  }

  get #m() {
    return ROSTER_MESSAGES[this.language];
  }

  async #send(commit: boolean): Promise<void> {
    if (!this.file) return;
    this.busy = true;
    const result = await adminApi.importRoster(this.file, commit);
    this.busy = false;
    if (!this.accept(result)) return;
    this.preview = result.value;
    const m = this.#m;
    this.notice = result.value.imported
      ? {
          ok: true,
          text: `${m.imported}: ${result.value.imported.persons} ${m.newPersons}, ${result.value.imported.households} ${m.newHouseholds}`,
        }
      : null;
  }

  #choose(event: Event): void {
    this.file = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.preview = null;
    void this.#send(false);
  }

  override render() {
    const m = this.#m;
    const p = this.preview;
    return html`
      <h2>${m.importTitle}</h2>
      <p class="muted">${m.importHint}</p>
      <p>
        <label
          >${m.chooseFile}<input
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            @change=${this.#choose}
        /></label>
      </p>
      <div class="status" role="status">
        ${this.busy ? m.loading : this.notice ? html`<span class=${this.notice.ok ? 'ok' : 'bad'}>${this.notice.text}</span>` : null}
      </div>
      ${
        p
          ? html` <p>
                <strong class="ok">${p.valid} ${m.validRows}</strong> ·
                <strong class=${p.invalid ? 'bad' : ''}>${p.invalid} ${m.invalidRows}</strong>
                ${p.imported ? null : html`<button class="primary" ?disabled=${this.busy || p.valid === 0} @click=${() => this.#send(true)}>${m.importValid} (${p.valid})</button>`}
              </p>
              <table>
                <thead>
                  <tr>
                    <th>${m.line}</th>
                    <th>${m.building}</th>
                    <th>${m.unit}</th>
                    <th>${m.room}</th>
                    <th>${m.name}</th>
                    <th>${m.category}</th>
                    <th>${m.phone}</th>
                    <th>${m.idMasked}</th>
                    <th>${m.problems}</th>
                  </tr>
                </thead>
                <tbody>
                  ${p.rows.map(
                    (r) =>
                      html`<tr>
                        <td class="num">${r.line}</td>
                        <td>${r.building}</td>
                        <td>${r.unit}</td>
                        <td>${r.room}</td>
                        <td>${revealInvisible(r.name)}</td>
                        <td>${categoryLabel(m, r.category)}</td>
                        <td class="num">${r.phone ?? ''}</td>
                        <td class="num">${r.idMasked ?? ''}</td>
                        <td>
                          ${
                            r.errors.length
                              ? html`<ul class="bad">
                                  ${r.errors.map((e) => html`<li>${importProblemText(this.language, e)}</li>`)}
                                </ul>`
                              : html`<span class="ok">${m.rowOk}</span>`
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
          : null
      }
    `;
  }
}
customElements.define('cp-import-page', CpImportPage);
