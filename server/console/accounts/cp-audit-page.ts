import { html, LitElement } from 'lit';
import type { AuditEntryView, RetentionSetting } from '../../../protocol/accounts.ts';
import { accountsApi } from '../api/accounts-api.ts';
import { ACCOUNTS_MESSAGES } from '../i18n/accounts-messages.ts';
import { failureText, formFields } from '../shared/admin-feedback.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formatInstant } from '../shared/format-instant.ts';
import type { Language } from '../i18n/messages.ts';
import { ROSTER_MESSAGES } from '../i18n/roster-messages.ts';

const PAGE_SIZE = 50;

/** Admin: the audit log, newest first, a page at a time (keyset paging, so old pages stay quick). */
export class CpAuditPage extends LitElement {
  static override properties = {
    language: {},
    entries: { state: true },
    problem: { state: true },
    nextBefore: { state: true },
    pageStarts: { state: true },
    retention: { state: true },
    notice: { state: true },
  };
  declare language: Language;
  declare entries: AuditEntryView[] | null;
  declare problem: string | null;
  declare nextBefore: string | null;
  /** The `before` of each page shown so far, to step back; null for the newest page. */
  declare pageStarts: (string | null)[];
  declare retention: RetentionSetting | null;
  declare notice: string | null;

  static override styles = [consoleStyles, adminStyles];

  constructor() {
    super();
    this.language = 'zh-CN';
    this.entries = null;
    this.problem = null;
    this.nextBefore = null;
    this.pageStarts = [null];
    this.retention = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#show(null);
    void accountsApi.retention().then((result) => {
      if (result.ok) this.retention = result.value;
    });
  }

  async #saveRetention(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const result = await accountsApi.setRetention(Number(formFields(event.target as HTMLFormElement).days));
    if (!result.ok) {
      this.notice = null;
      this.problem = failureText(this, result, ROSTER_MESSAGES[this.language]);
      return;
    }
    this.problem = null;
    this.retention = result.value;
    this.notice = ACCOUNTS_MESSAGES[this.language].saved;
  }

  async #show(before: string | null): Promise<void> {
    const result = await accountsApi.audit({ limit: PAGE_SIZE, before });
    if (!result.ok) {
      this.problem = failureText(this, result, ROSTER_MESSAGES[this.language]);
      return;
    }
    this.problem = null;
    this.entries = result.value.entries;
    this.nextBefore = result.value.nextBefore;
  }

  async #older(): Promise<void> {
    if (!this.nextBefore) return;
    this.pageStarts = [...this.pageStarts, this.nextBefore];
    await this.#show(this.nextBefore);
  }

  async #newest(): Promise<void> {
    this.pageStarts = [null];
    await this.#show(null);
  }

  override render() {
    const m = ACCOUNTS_MESSAGES[this.language];
    return html`
      <h2>${m.auditTitle}</h2>
      <p class="muted">${m.auditIntro}</p>
      ${
        this.retention
          ? html`<form class="inline" @submit=${this.#saveRetention} aria-label=${m.retentionLabel}>
              <label
                >${m.retentionLabel}<input
                  name="days"
                  type="number"
                  min="1"
                  max="3650"
                  required
                  .value=${String(this.retention.days)}
              /></label>
              <button type="submit">${m.save}</button>
              <span class="muted">${m.retentionHint}</span>
              ${this.notice ? html`<span class="ok" role="status">${this.notice}</span>` : null}
            </form>`
          : null
      }
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null}
      ${
        this.entries === null
          ? html`<p>${m.loading}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>${m.at}</th>
                  <th>${m.who}</th>
                  <th>${m.action}</th>
                  <th>${m.detail}</th>
                </tr>
              </thead>
              <tbody>
                ${
                  this.entries.length === 0
                    ? html`<tr>
                        <td colspan="4">${m.noAudit}</td>
                      </tr>`
                    : null
                }
                ${this.entries.map(
                  (entry) =>
                    html`<tr>
                      <td class="num">${formatInstant(entry.at, this.language)}</td>
                      <td>${entry.username ?? html`<span class="muted">${m.system}</span>`}</td>
                      <td class="num">${entry.action}</td>
                      <td class="muted">
                        ${Object.entries(entry.detail)
                          .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
                          .join(' · ')}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      <p class="bar">
        ${this.pageStarts.length > 1 ? html`<button @click=${this.#newest}>${m.newest}</button>` : null}
        <button @click=${this.#older} ?disabled=${!this.nextBefore}>${m.older}</button>
        <span class="muted">${this.pageStarts.length}</span>
      </p>
    `;
  }
}
customElements.define('cp-audit-page', CpAuditPage);
