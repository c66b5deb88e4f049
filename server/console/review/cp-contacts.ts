import { html } from 'lit';
import type { ContactsResponse } from '../../../protocol/review-queries.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { entryTable, tableStyles } from './entry-table.ts';
import { hashParams, pageLink } from '../shared/hash-params.ts';
import { fetchContacts } from '../api/review-api.ts';
import { REVIEW_MESSAGES } from '../i18n/review-messages.ts';
import { ReviewPage } from '../shared/review-page.ts';

/** Who passed the same gate within ±N minutes of an entry or of a person's passages (`#/contacts?entry=…` or `?person=…`). */
export class CpContacts extends ReviewPage {
  static override properties = { ...ReviewPage.properties, result: { state: true } };
  declare result: ContactsResponse | null;

  static override styles = [consoleStyles, tableStyles];

  constructor() {
    super();
    this.result = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.hashChanged();
  }

  protected override hashChanged(): void {
    const params = hashParams();
    const entryId = params.get('entry') ?? undefined;
    const personId = params.get('person') ?? undefined;
    if (!entryId && !personId) return;
    void this.#load({
      entryId: entryId,
      personId: entryId ? undefined : personId,
      minutes: Number(params.get('minutes') ?? 15) || 15,
      days: Number(params.get('days') ?? 14) || 14,
    });
  }

  async #load(query: {
    entryId?: string | undefined;
    personId?: string | undefined;
    minutes: number;
    days: number;
  }): Promise<void> {
    this.busy = true;
    const result = await fetchContacts({
      minutes: query.minutes,
      days: query.days,
      ...(query.entryId ? { entryId: query.entryId } : {}),
      ...(query.personId ? { personId: query.personId } : {}),
    });
    this.busy = false;
    if (this.accept(result)) this.result = result.value;
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const entry = String(data.get('entry') ?? '').trim();
    const person = String(data.get('person') ?? '').trim();
    location.hash = pageLink('contacts', {
      entry: entry || undefined,
      person: entry ? undefined : person,
      minutes: String(data.get('minutes') ?? '15'),
      days: String(data.get('days') ?? '14'),
    });
  }

  override render() {
    const r = REVIEW_MESSAGES[this.language];
    const params = hashParams();
    const gaps = new Map(this.result?.contacts.map((c) => [c.entry.id, c.gapMinutes]) ?? []);
    return html`
      <h2>${r.contacts}</h2>
      <form @submit=${this.#submit}>
        <label>${r.entryId}<input name="entry" size="38" .value=${params.get('entry') ?? ''} /></label>
        <label>${r.personId}<input name="person" size="12" .value=${params.get('person') ?? ''} /></label>
        <label
          >${r.minutes}<input name="minutes" type="number" min="1" max="240" .value=${params.get('minutes') ?? '15'}
        /></label>
        <label>${r.days}<input name="days" type="number" min="1" max="60" .value=${params.get('days') ?? '14'} /></label>
        <button class="primary" type="submit">${r.lookUp}</button>
      </form>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null}
      ${this.busy ? html`<p>${r.loading}</p>` : null}
      ${
        this.result
          ? html`
              <h3>${r.sourceEntries}</h3>
              ${entryTable(this.result.sources, this.language, { empty: r.noPassages })}
              <h3>${r.contactsOf}</h3>
              ${this.result.truncated ? html`<p class="error">${r.contactsTruncated}</p>` : null}
              ${entryTable(
                this.result.contacts.map((c) => c.entry),
                this.language,
                { empty: r.noContacts, extra: { header: r.gap, cell: (entry) => (gaps.get(entry.id) ?? 0).toFixed(1) } },
              )}
            `
          : null
      }
    `;
  }
}
customElements.define('cp-contacts', CpContacts);
