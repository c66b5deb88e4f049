import { html } from 'lit';
import { AuditAction, type AuditEntryView } from '../../../protocol/accounts.ts';
import { Decision, Direction, EntryFlag, SubjectCategory } from '../../../protocol/entry.ts';
import { UserRole } from '../../../protocol/review.ts';
import { WatchKind } from '../../../protocol/roster.ts';
import { accountsApi } from '../api/accounts-api.ts';
import { ACCOUNTS_MESSAGES, roleLabel } from '../i18n/accounts-messages.ts';
import { AUDIT_MESSAGES } from '../i18n/audit-messages.ts';
import { label, MESSAGES } from '../i18n/messages.ts';
import { REVIEW_MESSAGES, reviewLabel } from '../i18n/review-messages.ts';
import { kindLabel, ROSTER_MESSAGES } from '../i18n/roster-messages.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import { ConsolePage } from '../shared/console-page.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formatInstant } from '../shared/format-instant.ts';
import { formFields } from '../shared/form-fields.ts';

const PAGE_SIZE = 50;
/** Described by the server as subjects, or only paging marks: not repeated as details. */
const NOT_SHOWN = new Set([
  'personId',
  'personIds',
  'householdId',
  'gateId',
  'userId',
  'deviceId',
  'watchEntryId',
  'visitorPassId',
  'vehicleId',
  'eventId',
  'entryId',
  'communityId',
  'nodeId',
  'id',
  'first',
  'last',
  'before',
  'limit',
  'i',
]);
const STEP_KINDS = ['recheck', 'axillary', 'referred', 'escorted', 'outcome', 'closed'] as const;

/** Admin: the audit log in words, newest first, a page at a time (keyset paging, so old pages stay quick). */
export class CpAuditPage extends ConsolePage {
  static override properties = { ...ConsolePage.properties, pageBefore: { state: true }, pageStarts: { state: true } };
  /** The page shown: the `before` it starts at; null for the newest. */
  declare pageBefore: string | null;
  /** The `before` of each page shown so far, to step back. */
  declare pageStarts: (string | null)[];
  readonly #log = this.loader(
    () => [this.pageBefore] as const,
    ([before]) => accountsApi.audit({ limit: PAGE_SIZE, before }),
  );
  readonly #retention = this.loader(
    () => [],
    () => accountsApi.retention(),
  );

  static override styles = [consoleStyles, adminStyles];

  constructor() {
    super();
    this.pageBefore = null;
    this.pageStarts = [null];
  }

  async #saveRetention(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const result = await accountsApi.setRetention(Number(formFields(event.target as HTMLFormElement).days));
    if (!this.accept(result)) return;
    this.done(ACCOUNTS_MESSAGES[this.language].saved);
    await this.#retention.run();
  }

  #older(nextBefore: string): void {
    this.pageStarts = [...this.pageStarts, nextBefore];
    this.pageBefore = nextBefore;
  }

  #newest(): void {
    this.pageStarts = [null];
    this.pageBefore = null;
  }

  #action(action: string): string {
    const known = AuditAction.safeParse(action);
    return known.success ? AUDIT_MESSAGES[this.language].actions[known.data] : action;
  }

  /** One detail value in words: codes translated, instants in the community's time, yes/no. */
  #value(key: string, value: unknown): string {
    const m = MESSAGES[this.language];
    const words = AUDIT_MESSAGES[this.language].details;
    if (typeof value === 'boolean') return value ? words.yes : words.no;
    if (value === null || value === undefined) return '—';
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') {
      if ((key === 'from' || key === 'to' || key === 'cutoff') && !Number.isNaN(Date.parse(value)))
        return formatInstant(value, this.language);
      const parsed = {
        direction: Direction.safeParse(value),
        category: SubjectCategory.safeParse(value),
        flag: EntryFlag.safeParse(value),
        decision: Decision.safeParse(value),
        role: UserRole.safeParse(value),
        watch: WatchKind.safeParse(value),
      };
      if (key === 'direction' && parsed.direction.success) return label.direction(m, parsed.direction.data);
      if (key === 'category' && parsed.category.success) return label.category(m, parsed.category.data);
      if (key === 'flag' && parsed.flag.success) return label.flag(m, parsed.flag.data);
      if (key === 'role' && parsed.role.success) return roleLabel(ACCOUNTS_MESSAGES[this.language], parsed.role.data);
      if (key === 'kind' && parsed.watch.success) return kindLabel(ROSTER_MESSAGES[this.language], parsed.watch.data);
      const step = STEP_KINDS.find((k) => k === value);
      if (key === 'kind' && step) return reviewLabel.step(REVIEW_MESSAGES[this.language], step);
      if (key === 'status') return value === 'open' ? REVIEW_MESSAGES[this.language].statusOpen : value;
      return value;
    }
    if (typeof value === 'object')
      return Object.entries(value)
        .map(([k, v]) => `${k} ${this.#value(k, v)}`)
        .join(', ');
    return JSON.stringify(value);
  }

  #details(entry: AuditEntryView): string {
    const words = AUDIT_MESSAGES[this.language].details as Record<string, string>;
    return Object.entries(entry.detail)
      .filter(([key]) => !NOT_SHOWN.has(key))
      .map(([key, value]) => `${words[key] ?? key}: ${this.#value(key, value)}`)
      .join(' · ');
  }

  #subjects(entry: AuditEntryView) {
    const a = AUDIT_MESSAGES[this.language];
    return entry.subjects.map(
      (s) =>
        html`<span class="subject"
          >${a.subjects[s.kind]}
          ${s.label === null ? html`<span class="muted">(${a.details.unknownGone})</span>` : html`<strong>${s.label}</strong>`}</span
        > `,
    );
  }

  override render() {
    const m = ACCOUNTS_MESSAGES[this.language];
    return html`
      <h2>${m.auditTitle}</h2>
      <p class="muted">${m.auditIntro}</p>
      ${this.renderLoaded(
        this.#retention,
        (retention) =>
          html`<form class="inline" @submit=${this.#saveRetention} aria-label=${m.retentionLabel}>
            <label
              >${m.retentionLabel}<input name="days" type="number" min="1" max="3650" required .value=${String(retention.days)}
            /></label>
            <button type="submit">${m.save}</button>
            <span class="muted">${m.retentionHint}</span>
          </form>`,
      )}
      ${this.renderNotice()}
      ${this.renderLoaded(
        this.#log,
        (page) =>
          html`<table>
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
                  page.entries.length === 0
                    ? html`<tr>
                        <td colspan="4">${m.noAudit}</td>
                      </tr>`
                    : null
                }
                ${page.entries.map(
                  (entry) =>
                    html`<tr>
                      <td class="num">${formatInstant(entry.at, this.language)}</td>
                      <td>${entry.username ?? html`<span class="muted">${m.system}</span>`}</td>
                      <td>${this.#action(entry.action)}</td>
                      <td>${this.#subjects(entry)}<span class="muted">${this.#details(entry)}</span></td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <p class="bar">
              ${this.pageStarts.length > 1 ? html`<button @click=${this.#newest}>${m.newest}</button>` : null}
              <button @click=${() => page.nextBefore && this.#older(page.nextBefore)} ?disabled=${!page.nextBefore}>
                ${m.older}
              </button>
              <span class="muted">${this.pageStarts.length}</span>
            </p>`,
      )}
    `;
  }
}
customElements.define('cp-audit-page', CpAuditPage);
