import { css, html } from 'lit';
import type { RosterPersonSummary, TimelineResponse } from '../../../protocol/review-queries.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { entryTable, formatTime, tableStyles } from './entry-table.ts';
import { hashParams, pageLink } from '../shared/hash-params.ts';
import { label, MESSAGES } from '../i18n/messages.ts';
import { fetchTimeline, searchPersons } from '../api/review-api.ts';
import { REVIEW_MESSAGES } from '../i18n/review-messages.ts';
import { ReviewPage } from '../shared/review-page.ts';

/** Find a roster person, then their passages over the last 14 days (`#/timeline?person=<id>&days=14`). */
export class CpPersonTimeline extends ReviewPage {
  static override properties = { ...ReviewPage.properties, found: { state: true }, timeline: { state: true } };
  declare found: RosterPersonSummary[] | null;
  declare timeline: TimelineResponse | null;

  static override styles = [
    consoleStyles,
    tableStyles,
    css`
      .who {
        font-size: 18px;
        margin: 8px 0;
      }
    `,
  ];

  constructor() {
    super();
    this.found = null;
    this.timeline = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.hashChanged();
  }

  protected override hashChanged(): void {
    const params = hashParams();
    const person = params.get('person');
    if (person) void this.#load(person, Number(params.get('days') ?? 14) || 14);
  }

  async #load(personId: string, days: number): Promise<void> {
    this.busy = true;
    const result = await fetchTimeline(personId, days);
    this.busy = false;
    if (this.accept(result)) this.timeline = result.value;
  }

  async #search(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const q = String(new FormData(event.target as HTMLFormElement).get('q') ?? '').trim();
    if (!q) return;
    const result = await searchPersons(q);
    if (this.accept(result)) this.found = result.value.persons;
  }

  override render() {
    const m = MESSAGES[this.language];
    const r = REVIEW_MESSAGES[this.language];
    const t = this.timeline;
    return html`
      <h2>${r.timeline}</h2>
      <form @submit=${this.#search}>
        <label>${r.searchPerson}<input name="q" size="24" required /></label>
        <button class="primary" type="submit">${r.search}</button>
      </form>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null}
      ${
        this.found === null
          ? null
          : this.found.length === 0
            ? html`<p>${r.noMatches}</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th>${m.person}</th>
                    <th>${r.address}</th>
                    <th>${m.idMasked}</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.found.map(
                    (p) =>
                      html`<tr>
                        <td>${p.name} <span class="muted">· ${label.category(m, p.category)}</span></td>
                        <td>${p.address ?? '—'}</td>
                        <td class="num">${p.idMasked ?? '—'}</td>
                        <td>
                          <a href=${pageLink('timeline', { person: p.id })}>${r.timeline}</a> ·
                          <a href=${pageLink('contacts', { person: p.id })}>${r.contacts}</a>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
      }
      ${
        t
          ? html`
              <p class="who">
                <strong>${r.timelineOf}${t.person.name}</strong>
                <span class="muted"
                  >· ${label.category(m, t.person.category)} · ${t.person.address ?? '—'} · ${r.since}
                  ${formatTime(t.since, this.language)}</span
                >
                · <a href=${pageLink('contacts', { person: t.person.id })}>${r.contacts}</a>
              </p>
              ${t.truncated ? html`<p class="error">${r.truncated}</p>` : null}
              ${entryTable(t.entries, this.language, { empty: r.noPassages })}
            `
          : this.busy
            ? html`<p>${r.loading}</p>`
            : null
      }
    `;
  }
}
customElements.define('cp-person-timeline', CpPersonTimeline);
