import { css, html, LitElement } from 'lit';
import type { EntryView } from '../../protocol/review.ts';
import { fetchEntries, type ApiResult } from './console-api.ts';
import { consoleStyles } from './console-styles.ts';
import { appendOlderPage, mergeNewestPage } from './entry-list.ts';
import { label, MESSAGES, type Language, type Messages } from './messages.ts';
import { PollController } from './poll-controller.ts';

const PAGE_SIZE = 50;
const REFRESH_MS = 5_000;

/** The latest entries, newest first, refreshed every 5 s; fires `signed-out` when the session ends. */
export class CpEntryLog extends LitElement {
  static override properties = {
    language: {},
    entries: { state: true },
    refreshedAt: { state: true },
    problem: { state: true },
    loadingOlder: { state: true },
    reachedEnd: { state: true },
  };
  declare language: Language;
  declare entries: EntryView[];
  declare refreshedAt: Date | null;
  declare problem: string | null;
  declare loadingOlder: boolean;
  declare reachedEnd: boolean;

  static override styles = [
    consoleStyles,
    css`
      .bar { display: flex; align-items: baseline; gap: 16px; margin: 16px 0 10px; }
      h2 { margin: 0; font-size: 22px; }
      .muted { color: #444; }
      table { width: 100%; border-collapse: collapse; background: #fff; }
      th, td { border: 1px solid #777; padding: 6px 8px; text-align: left; vertical-align: top; }
      th { background: #1b3a5c; color: #fff; font-weight: 700; position: sticky; top: 0; }
      tbody tr:nth-child(even) { background: #f1f4f7; }
      tr.fever, tr.fever:nth-child(even) { background: #ffe3e3; }
      .num { font-variant-numeric: tabular-nums; white-space: nowrap; }
      .hot { color: #a30000; font-weight: 800; }
      .category { color: #444; font-size: 14px; }
      .admitted { color: #0b5d1e; font-weight: 700; }
      .denied { color: #a30000; font-weight: 700; }
      .referred { color: #8a4b00; font-weight: 700; }
      .flag { display: inline-block; margin: 1px 4px 1px 0; padding: 0 6px; border: 1px solid #333; border-radius: 3px; font-size: 14px; background: #fff; }
      .flag.fever { border-color: #a30000; color: #a30000; font-weight: 700; }
      .more { margin: 14px 0 24px; text-align: center; }
      .empty { padding: 24px; text-align: center; }
    `,
  ];

  constructor() {
    super();
    this.language = 'zh-CN';
    this.entries = [];
    this.refreshedAt = null;
    this.problem = null;
    this.loadingOlder = false;
    this.reachedEnd = false;
    new PollController(this, REFRESH_MS, () => this.#refresh());
  }

  /** True when the answer is usable; otherwise shows why, or hands back to sign-in. */
  #accept<T>(result: ApiResult<T>): result is { ok: true; value: T } {
    if (result.ok) {
      this.problem = null;
      return true;
    }
    const m = MESSAGES[this.language];
    if (result.status === 401) {
      this.dispatchEvent(new CustomEvent('signed-out', { bubbles: true, composed: true }));
    }
    this.problem = result.status === 403 ? m.forbidden : result.status === 0 ? m.networkError : `${m.loadFailed}${result.error.message}`;
    return false;
  }

  async #refresh(): Promise<void> {
    const result = await fetchEntries({ limit: PAGE_SIZE });
    if (!this.#accept(result)) return;
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
    this.loadingOlder = true;
    const result = await fetchEntries({ limit: PAGE_SIZE, before: oldest.id });
    this.loadingOlder = false;
    if (!this.#accept(result)) return;
    this.entries = appendOlderPage(this.entries, result.value.entries);
    this.reachedEnd = result.value.entries.length < PAGE_SIZE;
  }

  #time(iso: string): string {
    return new Intl.DateTimeFormat(this.language === 'en' ? 'en-GB' : 'zh-CN', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    }).format(new Date(iso));
  }

  #row(entry: EntryView, m: Messages) {
    const fever = entry.flags.includes('fever');
    const reading = entry.highestReading;
    return html`
      <tr class=${fever ? 'fever' : ''}>
        <td class="num">${this.#time(entry.occurredAt)}</td>
        <td>${entry.gateName}</td>
        <td>${label.direction(m, entry.direction)}</td>
        <td>
          ${entry.personName ?? label.category(m, entry.category)}
          ${entry.personName ? html`<span class="category">· ${label.category(m, entry.category)}</span>` : null}
        </td>
        <td class="num">${entry.idMasked ?? '—'}</td>
        <td class="num">
          ${reading ? html`<span class=${fever ? 'hot' : ''}>${reading.valueC.toFixed(1)} °C</span> <span class="category">· ${label.source(m, reading.source)}</span>` : '—'}
        </td>
        <td class=${entry.decision}>${label.decision(m, entry.decision)}</td>
        <td>${entry.flags.map((flag) => html`<span class="flag ${flag === 'fever' ? 'fever' : ''}">${label.flag(m, flag)}</span>`)}</td>
      </tr>
    `;
  }

  override render() {
    const m = MESSAGES[this.language];
    return html`
      <div class="bar">
        <h2>${m.latestEntries}</h2>
        <span class="muted" aria-live="polite">${this.refreshedAt ? `${m.refreshedAt} ${this.#time(this.refreshedAt.toISOString())}` : m.refreshing}</span>
      </div>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null}
      <table>
        <thead>
          <tr>
            <th>${m.time}</th>
            <th>${m.gate}</th>
            <th>${m.direction}</th>
            <th>${m.person}</th>
            <th>${m.idMasked}</th>
            <th>${m.temperature}</th>
            <th>${m.decision}</th>
            <th>${m.flags}</th>
          </tr>
        </thead>
        <tbody>
          ${this.entries.length === 0 ? html`<tr><td class="empty" colspan="8">${this.refreshedAt ? m.noEntries : m.loading}</td></tr>` : this.entries.map((entry) => this.#row(entry, m))}
        </tbody>
      </table>
      <div class="more">
        ${this.entries.length === 0
          ? null
          : this.reachedEnd
            ? html`<span class="muted">${m.noOlder}</span>`
            : html`<button @click=${this.#loadOlder} ?disabled=${this.loadingOlder}>${this.loadingOlder ? m.loading : m.loadOlder}</button>`}
      </div>
    `;
  }
}
customElements.define('cp-entry-log', CpEntryLog);
