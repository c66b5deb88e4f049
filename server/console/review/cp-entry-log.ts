import { css, html } from 'lit';
import { ConsolePage } from '../shared/console-page.ts';
import type { EntryView } from '../../../protocol/review.ts';
import { Direction, EntryFlag, SubjectCategory } from '../../../protocol/entry.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { appendOlderPage, mergeNewestPage } from './entry-list.ts';
import { entryTable, formatTime, tableStyles } from './entry-table.ts';
import { hashParams } from '../shared/hash-params.ts';
import { label, MESSAGES } from '../i18n/messages.ts';
import { PollController } from '../shared/poll-controller.ts';
import { entriesCsvUrl, fetchFilteredEntries, fetchGates, type EntryFilter } from '../api/review-api.ts';
import { REVIEW_MESSAGES } from '../i18n/review-messages.ts';

const PAGE_SIZE = 50;
const REFRESH_MS = 5_000;
const FILTER_KEYS = ['from', 'to', 'gateId', 'direction', 'category', 'flag', 'personId'] as const;

/**
 * The entry log, newest first, refreshed every 5 s, with filters (time range, gate, direction,
 * person, category, flag) and keyset paging; fires `signed-out` when the session ends.
 */
export class CpEntryLog extends ConsolePage {
  static override properties = {
    ...ConsolePage.properties,
    entries: { state: true },
    refreshedAt: { state: true },
    loadingOlder: { state: true },
    reachedEnd: { state: true },
    filter: { state: true },
  };
  declare entries: EntryView[];
  declare refreshedAt: Date | null;
  declare loadingOlder: boolean;
  declare reachedEnd: boolean;
  declare filter: EntryFilter;
  readonly #gates = this.loader(
    () => [],
    () => fetchGates(),
  );

  static override styles = [
    consoleStyles,
    tableStyles,
    css`
      .head {
        display: flex;
        align-items: baseline;
        gap: 16px;
      }
      .more {
        margin: 14px 0 24px;
        text-align: center;
      }
    `,
  ];

  constructor() {
    super();
    this.entries = [];
    this.refreshedAt = null;
    this.loadingOlder = false;
    this.reachedEnd = false;
    const params = hashParams();
    this.filter = Object.fromEntries(FILTER_KEYS.flatMap((key) => (params.get(key) ? [[key, params.get(key)!]] : [])));
    new PollController(this, REFRESH_MS, () => this.#refresh());
  }

  async #refresh(): Promise<void> {
    const filter = this.filter;
    const result = await fetchFilteredEntries(filter, { limit: PAGE_SIZE });
    // A filter changed while this page was on its way: its answer belongs to the old filter.
    if (filter !== this.filter || !this.accept(result)) return;
    this.notice = null;
    const fresh = result.value.entries;
    const merged = mergeNewestPage(this.entries, fresh, PAGE_SIZE);
    // Only a new oldest row (first load, or a gap that replaced the list) says anything about older pages.
    if (merged.at(-1)?.id !== this.entries.at(-1)?.id) this.reachedEnd = fresh.length < PAGE_SIZE;
    this.entries = merged;
    this.refreshedAt = new Date();
  }

  async #loadOlder(): Promise<void> {
    const oldest = this.entries.at(-1);
    if (!oldest) return;
    const filter = this.filter;
    this.loadingOlder = true;
    const result = await fetchFilteredEntries(filter, { limit: PAGE_SIZE, before: oldest.id });
    this.loadingOlder = false;
    if (filter !== this.filter || !this.accept(result)) return;
    this.notice = null;
    this.entries = appendOlderPage(this.entries, result.value.entries);
    this.reachedEnd = result.value.entries.length < PAGE_SIZE;
  }

  #apply(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.filter = Object.fromEntries(
      FILTER_KEYS.flatMap((key) => {
        const value = String(data.get(key) ?? '').trim();
        return value ? [[key, value]] : [];
      }),
    );
    this.entries = [];
    this.refreshedAt = null;
    void this.#refresh();
  }

  #clear(): void {
    this.filter = {};
    this.entries = [];
    this.refreshedAt = null;
    void this.#refresh();
  }

  #filters() {
    const m = MESSAGES[this.language];
    const r = REVIEW_MESSAGES[this.language];
    const f = this.filter;
    return html`
      <form @submit=${this.#apply} aria-label=${r.filters}>
        <label>${r.from}<input type="datetime-local" name="from" .value=${f.from ?? ''} /></label>
        <label>${r.to}<input type="datetime-local" name="to" .value=${f.to ?? ''} /></label>
        <label
          >${m.gate}<select name="gateId">
            <option value="">${r.anyGate}</option>
            ${(this.#gates.value?.gates ?? []).map((gate) => html`<option value=${gate.id} ?selected=${gate.id === f.gateId}>${gate.name}</option>`)}
          </select></label
        >
        <label
          >${m.direction}<select name="direction">
            <option value="">${r.anyDirection}</option>
            ${Direction.options.map((d) => html`<option value=${d} ?selected=${d === f.direction}>${label.direction(m, d)}</option>`)}
          </select></label
        >
        <label
          >${r.category}<select name="category">
            <option value="">${r.anyCategory}</option>
            ${SubjectCategory.options.map((c) => html`<option value=${c} ?selected=${c === f.category}>${label.category(m, c)}</option>`)}
          </select></label
        >
        <label
          >${m.flags}<select name="flag">
            <option value="">${r.anyFlag}</option>
            ${EntryFlag.options.map((flag) => html`<option value=${flag} ?selected=${flag === f.flag}>${label.flag(m, flag)}</option>`)}
          </select></label
        >
        <label>${r.personId}<input name="personId" size="10" .value=${f.personId ?? ''} /></label>
        <button class="primary" type="submit">${r.apply}</button>
        <button type="button" @click=${this.#clear}>${r.clear}</button>
        <a class="button" href=${entriesCsvUrl(this.filter, this.language)} download>${r.exportCsv}</a>
      </form>
    `;
  }

  override render() {
    const m = MESSAGES[this.language];
    return html`
      <div class="head">
        <h2>${m.latestEntries}</h2>
        <span class="muted" aria-live="polite"
          >${this.refreshedAt ? `${m.refreshedAt} ${formatTime(this.refreshedAt.toISOString(), this.language)}` : m.refreshing}</span
        >
      </div>
      ${this.#filters()} ${this.renderNotice()}
      ${entryTable(this.entries, this.language, { empty: this.refreshedAt ? m.noEntries : m.loading })}
      <div class="more">
        ${
          this.entries.length === 0
            ? null
            : this.reachedEnd
              ? html`<span class="muted">${m.noOlder}</span>`
              : html`<button @click=${this.#loadOlder} ?disabled=${this.loadingOlder}>
                  ${this.loadingOlder ? m.loading : m.loadOlder}
                </button>`
        }
      </div>
    `;
  }
}
customElements.define('cp-entry-log', CpEntryLog);
