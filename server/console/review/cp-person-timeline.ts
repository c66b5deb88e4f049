import { css, html } from 'lit';
import type { RosterPersonSummary } from '../../../protocol/review-queries.ts';
import { revealInvisible } from '../../../protocol/visible-text.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { entryTable, formatTime, tableStyles } from './entry-table.ts';
import { hashParams, pageLink } from '../shared/hash-params.ts';
import { label, MESSAGES } from '../i18n/messages.ts';
import { fetchTimeline, searchPersons } from '../api/review-api.ts';
import { REVIEW_MESSAGES } from '../i18n/review-messages.ts';
import { ConsolePage } from '../shared/console-page.ts';

/** Find a roster person, then their passages over the last 14 days (`#/timeline?person=<id>&days=14`). */
function personFromHash(): { personId: string; days: number } | null {
  const params = hashParams();
  const person = params.get('person');
  return person ? { personId: person, days: Number(params.get('days') ?? 14) || 14 } : null;
}

export class CpPersonTimeline extends ConsolePage {
  static override properties = { ...ConsolePage.properties, found: { state: true }, shown: { state: true } };
  declare found: RosterPersonSummary[] | null;
  declare shown: { personId: string; days: number } | null;
  readonly #timeline = this.loader(
    () => [this.shown] as const,
    ([shown]) => (shown ? fetchTimeline(shown.personId, shown.days) : Promise.resolve({ ok: true as const, value: null })),
  );

  static override styles = [
    consoleStyles,
    tableStyles,
    css`
      .who {
        font-size: 18px;
        margin: 8px 0;
      }
      .traced {
        margin: 4px 0 8px;
        color: #1b3a5c;
        font-weight: 700;
      }
    `,
  ];

  constructor() {
    super();
    this.found = null;
    this.shown = personFromHash();
  }

  protected override hashChanged(): void {
    this.shown = personFromHash();
  }

  async #search(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const q = String(new FormData(event.target as HTMLFormElement).get('q') ?? '').trim();
    if (!q) return;
    const result = await searchPersons(q);
    if (!this.accept(result)) return;
    this.notice = null;
    this.found = result.value.persons;
  }

  override render() {
    const m = MESSAGES[this.language];
    const r = REVIEW_MESSAGES[this.language];
    return html`
      <h2>${r.timeline}</h2>
      <form @submit=${this.#search}>
        <label>${r.searchPerson}<input name="q" size="24" required /></label>
        <button class="primary" type="submit">${r.search}</button>
      </form>
      ${this.renderNotice()}
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
                    <th>${r.lookUp}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.found.map(
                    (p) =>
                      html`<tr>
                        <td>${revealInvisible(p.name)} <span class="muted">· ${label.category(m, p.category)}</span></td>
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
      ${this.renderLoaded(this.#timeline, (t) =>
        t
          ? html`
              <p class="who">
                <strong>${r.timelineOf}${revealInvisible(t.person.name)}</strong>
                <span class="muted"
                  >· ${label.category(m, t.person.category)} · ${t.person.address ?? '—'} · ${r.since}
                  ${formatTime(t.since, this.language)}</span
                >
                · <a href=${pageLink('contacts', { person: t.person.id })}>${r.contacts}</a>
              </p>
              ${t.tracedAcross ? html`<p class="traced">${r.tracedAcross}</p>` : null}
              ${t.truncated ? html`<p class="error">${r.truncated}</p>` : null}
              ${entryTable(t.entries, this.language, {
                empty: r.noPassages,
                ...(t.tracedAcross ? { compounds: t.compounds } : {}),
              })}
            `
          : null,
      )}
    `;
  }
}
customElements.define('cp-person-timeline', CpPersonTimeline);
