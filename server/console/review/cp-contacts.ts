import { css, html } from 'lit';
import type { RosterPersonSummary } from '../../../protocol/review-queries.ts';
import { revealInvisible } from '../../../protocol/visible-text.ts';
import { fetchContacts, searchPersons } from '../api/review-api.ts';
import { label, MESSAGES } from '../i18n/messages.ts';
import { REVIEW_MESSAGES } from '../i18n/review-messages.ts';
import { ConsolePage } from '../shared/console-page.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { hashParams, pageLink } from '../shared/hash-params.ts';
import { entryTable, tableStyles } from './entry-table.ts';

interface ContactsQuery {
  entryId?: string;
  personId?: string;
  minutes: number;
  days: number;
}

function queryFromHash(): ContactsQuery | null {
  const params = hashParams();
  const entryId = params.get('entry') ?? undefined;
  const personId = params.get('person') ?? undefined;
  if (!entryId && !personId) return null;
  return {
    ...(entryId ? { entryId } : { personId: personId! }),
    minutes: Number(params.get('minutes') ?? 15) || 15,
    days: Number(params.get('days') ?? 14) || 14,
  };
}

/**
 * Who passed the same gate within ±N minutes of an entry or of a person's passages
 * (`#/contacts?entry=…` or `?person=…`); staff name the person as they know them — a name, an
 * address such as 3栋502, or the last digits of a phone — and pick from the matches.
 */
export class CpContacts extends ConsolePage {
  static override properties = { ...ConsolePage.properties, query: { state: true }, found: { state: true } };
  declare query: ContactsQuery | null;
  declare found: RosterPersonSummary[] | null;
  readonly #contacts = this.loader(
    () => [this.query] as const,
    ([query]) =>
      query
        ? fetchContacts(query)
        : Promise.resolve({
            ok: true as const,
            value: { sources: [], contacts: [], truncated: false, tracedAcross: false, compounds: [] },
          }),
  );

  static override styles = [
    consoleStyles,
    tableStyles,
    css`
      .traced {
        margin: 8px 0;
        color: #1b3a5c;
        font-weight: 700;
      }
    `,
  ];

  constructor() {
    super();
    this.query = queryFromHash();
    this.found = null;
  }

  protected override hashChanged(): void {
    this.query = queryFromHash();
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const who = String(data.get('who') ?? '').trim();
    const range = { minutes: String(data.get('minutes') ?? '15'), days: String(data.get('days') ?? '14') };
    if (!who) return;
    const result = await searchPersons(who);
    if (!this.accept(result)) return;
    this.notice = null;
    const persons = result.value.persons;
    this.found = persons.length === 1 ? null : persons;
    if (persons.length === 1) location.hash = pageLink('contacts', { person: persons[0]!.id, ...range });
  }

  #matches(found: RosterPersonSummary[]) {
    const m = MESSAGES[this.language];
    const r = REVIEW_MESSAGES[this.language];
    if (found.length === 0) return html`<p role="status">${r.noMatches}</p>`;
    const params = hashParams();
    return html`<h3>${r.choosePerson}</h3>
      <table>
        <thead>
          <tr>
            <th>${m.person}</th>
            <th>${r.address}</th>
            <th>${m.idMasked}</th>
            <th>${r.contacts}</th>
          </tr>
        </thead>
        <tbody>
          ${found.map(
            (p) =>
              html`<tr>
                <td>${revealInvisible(p.name)} <span class="muted">· ${label.category(m, p.category)}</span></td>
                <td>${p.address ?? '—'}</td>
                <td class="num">${p.idMasked ?? '—'}</td>
                <td>
                  <a
                    href=${pageLink('contacts', {
                      person: p.id,
                      minutes: params.get('minutes') ?? undefined,
                      days: params.get('days') ?? undefined,
                    })}
                    @click=${() => (this.found = null)}
                    >${r.lookUp}</a
                  >
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }

  override render() {
    const r = REVIEW_MESSAGES[this.language];
    const params = hashParams();
    return html`
      <h2>${r.contacts}</h2>
      <form @submit=${this.#submit} aria-label=${r.contacts}>
        <label>${r.whoToLookUp}<input name="who" size="28" required /></label>
        <label
          >${r.minutes}<input name="minutes" type="number" min="1" max="240" .value=${params.get('minutes') ?? '15'}
        /></label>
        <label>${r.days}<input name="days" type="number" min="1" max="60" .value=${params.get('days') ?? '14'} /></label>
        <button class="primary" type="submit">${r.search}</button>
      </form>
      ${this.renderNotice()} ${this.found ? this.#matches(this.found) : null}
      ${
        this.query
          ? this.renderLoaded(this.#contacts, (result) => {
              const gaps = new Map(result.contacts.map((c) => [c.entry.id, c.gapMinutes]));
              const compounds = result.tracedAcross ? { compounds: result.compounds } : {};
              return html`
                ${result.tracedAcross ? html`<p class="traced">${r.tracedAcross}</p>` : null}
                <h3>${r.sourceEntries}</h3>
                ${entryTable(result.sources, this.language, { empty: r.noPassages, ...compounds })}
                <h3>${r.contactsOf}</h3>
                ${result.truncated ? html`<p class="error">${r.contactsTruncated}</p>` : null}
                ${entryTable(
                  result.contacts.map((c) => c.entry),
                  this.language,
                  {
                    empty: r.noContacts,
                    extra: { header: r.gap, cell: (entry) => (gaps.get(entry.id) ?? 0).toFixed(1) },
                    ...compounds,
                  },
                )}
              `;
            })
          : null
      }
    `;
  }
}
customElements.define('cp-contacts', CpContacts);
