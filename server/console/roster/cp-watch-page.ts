import { html } from 'lit';
import { ConsolePage } from '../shared/console-page.ts';
import type { HouseholdView, PersonView, WatchEntryView } from '../../../protocol/roster-admin.ts';
import { WatchKind } from '../../../protocol/roster.ts';
import { communityToday } from '../shared/community-time.ts';
import { adminApi } from '../api/admin-api.ts';
import { formFields } from '../shared/form-fields.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { kindLabel, ROSTER_MESSAGES } from '../i18n/roster-messages.ts';

function address(h: HouseholdView): string {
  return `${h.building}${h.unit}${h.room}`;
}

/** Community staff's watch list: who the gates must know about, day N of each period, release. */
export class CpWatchPage extends ConsolePage {
  static override properties = {
    ...ConsolePage.properties,
    showEnded: { state: true },
    kind: { state: true },
  };
  declare showEnded: boolean;
  declare kind: WatchKind;
  readonly #watch = this.loader(
    () => [this.showEnded] as const,
    ([showEnded]) => adminApi.watch(showEnded ? 'all' : 'active'),
  );
  readonly #persons = this.loader(
    () => [],
    () => adminApi.persons(),
  );
  readonly #households = this.loader(
    () => [],
    () => adminApi.households(),
  );

  static override styles = [consoleStyles, adminStyles];

  constructor() {
    super();
    this.showEnded = false;
    this.kind = 'home-observation';
  }

  get #m() {
    return ROSTER_MESSAGES[this.language];
  }

  async #load(): Promise<void> {
    await this.#watch.run();
  }

  get #personList(): PersonView[] {
    return this.#persons.value?.persons ?? [];
  }

  get #householdList(): HouseholdView[] {
    return this.#households.value?.households ?? [];
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
    if (!this.accept(result)) return;
    const householdId = this.#personList.find((p) => p.id === result.value.personId)?.householdId;
    if (this.kind === 'close-contact' && f.withHousehold === 'on' && householdId) {
      const household = await adminApi.addWatch({
        kind: 'close-contact-household',
        personId: null,
        householdId,
        startDate: result.value.startDate,
        note: f.note ?? null,
      });
      if (!this.accept(household)) return;
    }
    form.reset();
    this.kind = 'home-observation';
    this.done(this.#m.saved);
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
    if (!this.accept(result)) return;
    this.done(`${entry.subject}: ${this.#m.saved}`);
    await this.#load();
  }

  async #release(entry: WatchEntryView): Promise<void> {
    if (!this.accept(await adminApi.releaseWatch(entry.id))) return;
    this.done(`${entry.subject}: ${this.#m.released}`);
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
    const today = communityToday();
    return html`
      <h2>${m.watchTitle}</h2>
      <label class="check"
        ><input
          type="checkbox"
          .checked=${this.showEnded}
          @change=${(e: Event) => {
            this.showEnded = (e.target as HTMLInputElement).checked;
          }}
        />${m.showEnded}</label
      >
      ${this.renderNotice()}
      ${this.renderLoaded(this.#watch, ({ watch }) =>
        watch.length === 0
          ? html`<p class="muted">${m.noWatch}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>${m.kind}</th>
                  <th>${m.subject}</th>
                  <th>${m.address}</th>
                  <th>${m.period}</th>
                  <th>${m.state}</th>
                  <th>${m.origin}</th>
                  <th>${m.note}</th>
                  <th>${m.actions}</th>
                </tr>
              </thead>
              <tbody>
                ${watch.map(
                  (w: WatchEntryView) =>
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
            </table>`,
      )}
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
                ? this.#householdList.map((h) => html`<option value=${h.id}>${address(h)}</option>`)
                : this.#personList.map((p) => {
                    const h = this.#householdList.find((x) => x.id === p.householdId);
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
