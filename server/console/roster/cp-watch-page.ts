import { html, LitElement } from 'lit';
import type { HouseholdView, PersonView, WatchEntryView } from '../../../protocol/roster-admin.ts';
import { WatchKind } from '../../../protocol/roster.ts';
import { communityDate } from '../../community-date.ts';
import { adminApi } from '../api/admin-api.ts';
import { failureText, formFields } from '../shared/admin-feedback.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import type { ApiResult } from '../api/console-api.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import type { Language } from '../i18n/messages.ts';
import { kindLabel, ROSTER_MESSAGES } from '../i18n/roster-messages.ts';

function address(h: HouseholdView): string {
  return `${h.building}${h.unit}${h.room}`;
}

/** Community staff's watch list: who the gates must know about, day N of each period, release. */
export class CpWatchPage extends LitElement {
  static override properties = {
    language: {},
    entries: { state: true },
    showEnded: { state: true },
    persons: { state: true },
    households: { state: true },
    kind: { state: true },
    status: { state: true },
  };
  declare language: Language;
  declare entries: WatchEntryView[] | null;
  declare showEnded: boolean;
  declare persons: PersonView[];
  declare households: HouseholdView[];
  declare kind: WatchKind;
  declare status: { ok: boolean; text: string } | null;

  static override styles = [consoleStyles, adminStyles];

  constructor() {
    super();
    this.language = 'zh-CN';
    this.entries = null;
    this.showEnded = false;
    this.persons = [];
    this.households = [];
    this.kind = 'home-observation';
    this.status = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
    void this.#loadPeople();
  }

  get #m() {
    return ROSTER_MESSAGES[this.language];
  }

  #accept<T>(result: ApiResult<T>): result is { ok: true; value: T } {
    if (result.ok) return true;
    this.status = { ok: false, text: failureText(this, result, this.#m) };
    return false;
  }

  async #load(): Promise<void> {
    const result = await adminApi.watch(this.showEnded ? 'all' : 'active');
    if (this.#accept(result)) this.entries = result.value.watch;
  }

  async #loadPeople(): Promise<void> {
    const [persons, households] = await Promise.all([adminApi.persons(), adminApi.households()]);
    if (this.#accept(persons)) this.persons = persons.value.persons;
    if (this.#accept(households)) this.households = households.value.households;
  }

  async #add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = formFields(form);
    const household = this.kind === 'close-contact-household';
    const result = await adminApi.addWatch({
      kind: this.kind,
      personId: household ? null : (f.subject ?? null),
      householdId: household ? (f.subject ?? null) : null,
      startDate: f.startDate ?? '',
      ...(f.endDate ? { endDate: f.endDate } : {}),
      origin: f.origin ?? null,
      arrivalDate: f.arrivalDate ?? null,
      note: f.note ?? null,
    });
    if (!this.#accept(result)) return;
    const householdId = this.persons.find((p) => p.id === result.value.personId)?.householdId;
    if (this.kind === 'close-contact' && f.withHousehold === 'on' && householdId) {
      const household = await adminApi.addWatch({
        kind: 'close-contact-household',
        personId: null,
        householdId,
        startDate: result.value.startDate,
        note: f.note ?? null,
      });
      if (!this.#accept(household)) return;
    }
    form.reset();
    this.kind = 'home-observation';
    this.status = { ok: true, text: this.#m.saved };
    await this.#load();
  }

  /** Extends or shortens a period; an empty date makes it open-ended. */
  async #changeEnd(entry: WatchEntryView, endDate: string): Promise<void> {
    const result = await adminApi.updateWatch(entry.id, {
      kind: entry.kind,
      personId: entry.personId,
      householdId: entry.householdId,
      startDate: entry.startDate,
      endDate: endDate === '' ? null : endDate,
      origin: entry.origin,
      arrivalDate: entry.arrivalDate,
      note: entry.note,
    });
    if (!this.#accept(result)) return;
    this.status = { ok: true, text: `${entry.subject}: ${this.#m.saved}` };
    await this.#load();
  }

  async #release(entry: WatchEntryView): Promise<void> {
    if (!this.#accept(await adminApi.releaseWatch(entry.id))) return;
    this.status = { ok: true, text: `${entry.subject}: ${this.#m.released}` };
    await this.#load();
  }

  #state(entry: WatchEntryView) {
    const m = this.#m;
    if (entry.releasedAt) return html`<span class="muted">${m.released}</span>`;
    if (!entry.active) return html`<span class="muted">${m.ended}</span>`;
    if (entry.day === null) return html`<span>${m.notStarted}</span>`;
    return html`<strong>${m.dayN.replace('{n}', String(entry.day))}</strong>`;
  }

  override render() {
    const m = this.#m;
    const today = communityDate(new Date());
    return html`
      <h2>${m.watchTitle}</h2>
      <label class="check"
        ><input
          type="checkbox"
          .checked=${this.showEnded}
          @change=${(e: Event) => {
            this.showEnded = (e.target as HTMLInputElement).checked;
            void this.#load();
          }}
        />${m.showEnded}</label
      >
      <div class="status" role="status">
        ${this.status ? html`<span class=${this.status.ok ? 'ok' : 'bad'}>${this.status.text}</span>` : null}
      </div>
      ${
        this.entries === null
          ? html`<p>${m.loading}</p>`
          : this.entries.length === 0
            ? html`<p class="muted">${m.noWatch}</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th>${m.kind}</th>
                    <th>${m.subject}</th>
                    <th>${m.address}</th>
                    <th>${m.period}</th>
                    <th></th>
                    <th>${m.origin}</th>
                    <th>${m.note}</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.entries.map(
                    (w) =>
                      html`<tr>
                        <td>${kindLabel(m, w.kind)}</td>
                        <td><strong>${w.subject}</strong></td>
                        <td>${w.address ?? ''}</td>
                        <td class="num">
                          ${w.startDate} –
                          ${
                            w.releasedAt
                              ? (w.endDate ?? m.openEnded)
                              : html`<input
                                  type="date"
                                  aria-label=${m.endDate}
                                  .value=${w.endDate ?? ''}
                                  @change=${(e: Event) => this.#changeEnd(w, (e.target as HTMLInputElement).value)}
                                />`
                          }
                        </td>
                        <td>${this.#state(w)}</td>
                        <td>
                          ${w.origin ? html`${w.origin}<br /><span class="muted">${m.arrivalDate} ${w.arrivalDate ?? ''}</span>` : ''}
                        </td>
                        <td>${w.note ?? ''}</td>
                        <td>${w.releasedAt ? '' : html`<button @click=${() => this.#release(w)}>${m.release}</button>`}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
      }
      <form class="inline" @submit=${this.#add}>
        <label
          >${m.kind}<select
            name="kind"
            @change=${(e: Event) => (this.kind = WatchKind.parse((e.target as HTMLSelectElement).value))}
          >
            ${WatchKind.options.map((k) => html`<option value=${k} ?selected=${k === this.kind}>${kindLabel(m, k)}</option>`)}
          </select></label
        >
        <label
          >${this.kind === 'close-contact-household' ? m.household : m.person}<select name="subject" required>
            <option value="">${m.choose}</option>
            ${
              this.kind === 'close-contact-household'
                ? this.households.map((h) => html`<option value=${h.id}>${address(h)}</option>`)
                : this.persons.map((p) => {
                    const h = this.households.find((x) => x.id === p.householdId);
                    return html`<option value=${p.id}>${p.name}${h ? ` · ${address(h)}` : ''}</option>`;
                  })
            }
          </select></label
        >
        <label>${m.startDate}<input name="startDate" type="date" required value=${today} /></label>
        <label title=${m.endDateHint}>${m.endDate}<input name="endDate" type="date" /></label>
        ${
          this.kind === 'returnee'
            ? html`<label>${m.origin}<input name="origin" required size="10" /></label
                ><label>${m.arrivalDate}<input name="arrivalDate" type="date" required /></label>`
            : null
        }
        ${this.kind === 'close-contact' ? html`<label class="check"><input type="checkbox" name="withHousehold" checked />${m.withHousehold}</label>` : null}
        <label>${m.note}<input name="note" size="16" /></label>
        <button class="primary" type="submit">${m.addWatch}</button>
      </form>
      <p class="muted">${m.endDateHint}</p>
    `;
  }
}
customElements.define('cp-watch-page', CpWatchPage);
