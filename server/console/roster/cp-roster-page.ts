import { html } from 'lit';
import { ConsolePage } from '../shared/console-page.ts';
import { keyed } from 'lit/directives/keyed.js';
import type { HouseholdView, PassSheet, PersonView, RosterCategory, VehicleView } from '../../../protocol/roster-admin.ts';
import { revealInvisible } from '../../../protocol/visible-text.ts';
import { adminApi } from '../api/admin-api.ts';
import { formFields } from '../shared/form-fields.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import './cp-pass-sheet.ts';
import { categoryLabel, ROSTER_MESSAGES } from '../i18n/roster-messages.ts';

const CATEGORIES: RosterCategory[] = ['resident', 'tenant', 'staff'];

/** Property staff's roster: households on the left; the chosen one's members, vehicles and pass sheet on the right. */
export class CpRosterPage extends ConsolePage {
  static override properties = {
    ...ConsolePage.properties,
    selectedId: { state: true },
    sheet: { state: true },
    filter: { state: true },
    editing: { state: true },
  };
  declare selectedId: string | null;
  declare sheet: PassSheet | null;
  /** Narrows the household list by address: `3栋`, `2单元`, `502`. */
  declare filter: string;
  /** The member whose details the form is changing; null: the form adds a member. */
  declare editing: PersonView | null;

  readonly #households = this.loader(
    () => [],
    () => adminApi.households(),
  );
  readonly #vehicles = this.loader(
    () => [],
    () => adminApi.vehicles(),
  );
  readonly #persons = this.loader(
    () => [this.selectedId] as const,
    ([householdId]) =>
      householdId
        ? adminApi.persons(householdId)
        : Promise.resolve({ ok: true as const, value: { persons: [] as PersonView[] } }),
  );

  static override styles = [consoleStyles, adminStyles];

  constructor() {
    super();
    this.selectedId = null;
    this.sheet = null;
    this.filter = '';
    this.editing = null;
  }

  get #m() {
    return ROSTER_MESSAGES[this.language];
  }

  async #loadHouseholds(): Promise<void> {
    await Promise.all([this.#households.run(), this.#vehicles.run()]);
  }

  async #select(id: string): Promise<void> {
    this.sheet = null;
    this.editing = null;
    if (this.selectedId === id) await this.#persons.run();
    else this.selectedId = id;
  }

  get #householdList(): HouseholdView[] | null {
    return this.#households.value?.households ?? null;
  }

  async #addHousehold(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = formFields(form);
    const result = await adminApi.addHousehold({
      building: f.building ?? '',
      unit: f.unit ?? '',
      room: f.room ?? '',
      floor: f.floor === null || f.floor === undefined ? null : Number(f.floor),
    });
    if (!this.accept(result)) return;
    form.reset();
    this.done(this.#m.saved);
    await this.#loadHouseholds();
    await this.#select(result.value.id);
  }

  async #addPerson(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = formFields(form);
    const fields = {
      householdId: f.householdId ?? this.selectedId,
      name: f.name ?? '',
      category: (f.category ?? 'resident') as RosterCategory,
      phone: f.phone ?? null,
    };
    // Editing: an empty ID field keeps the stored number (the console never has it to show).
    const result = this.editing
      ? await adminApi.updatePerson(this.editing.id, f.idNumber ? { ...fields, idNumber: f.idNumber } : fields)
      : await adminApi.addPerson({ ...fields, idNumber: f.idNumber ?? null });
    if (!this.accept(result)) return;
    form.reset();
    this.editing = null;
    this.done(this.#m.saved);
    await this.#loadHouseholds();
    if (this.selectedId) await this.#select(this.selectedId);
  }

  async #removePerson(person: PersonView): Promise<void> {
    if (!this.accept(await adminApi.deletePerson(person.id))) return;
    await this.#loadHouseholds();
    if (this.selectedId) await this.#select(this.selectedId);
  }

  async #addVehicle(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = formFields(form);
    if (!this.selectedId) return;
    if (!this.accept(await adminApi.addVehicle({ plate: f.plate ?? '', householdId: this.selectedId }))) return;
    form.reset();
    this.done(this.#m.saved);
    await this.#loadHouseholds();
  }

  async #removeVehicle(vehicle: VehicleView): Promise<void> {
    if (this.accept(await adminApi.deleteVehicle(vehicle.id))) await this.#loadHouseholds();
  }

  async #removeHousehold(household: HouseholdView): Promise<void> {
    if (!this.accept(await adminApi.deleteHousehold(household.id))) return;
    this.selectedId = null;
    this.done(this.#m.saved);
    await this.#loadHouseholds();
  }

  async #passSheet(): Promise<void> {
    if (!this.selectedId) return;
    const result = await adminApi.passSheet(this.selectedId);
    if (this.accept(result)) this.sheet = result.value;
  }

  override render() {
    const m = this.#m;
    return html`
      ${this.renderNotice()}
      <div class="row">
        <section>
          <h2>${m.households}</h2>
          <label
            >${m.find}<input
              type="search"
              .value=${this.filter}
              @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value.trim())}
          /></label>
          ${this.renderLoaded(this.#households, ({ households }) =>
            this.#renderHouseholds(
              households.filter((h: HouseholdView) => `${h.building}${h.unit}${h.room}`.includes(this.filter)),
            ),
          )}
          <form class="inline" @submit=${this.#addHousehold}>
            <label>${m.building}<input name="building" required size="6" /></label>
            <label>${m.unit}<input name="unit" required size="6" /></label>
            <label>${m.room}<input name="room" required size="5" /></label>
            <label>${m.floor}<input name="floor" type="number" size="3" style="width: 5em" /></label>
            <button class="primary" type="submit">${m.addHousehold}</button>
          </form>
        </section>
        <section>${this.#renderHousehold()}</section>
      </div>
    `;
  }

  #renderHouseholds(households: HouseholdView[]) {
    const m = this.#m;
    return html`<table>
      <thead>
        <tr>
          <th>${m.building}</th>
          <th>${m.unit}</th>
          <th>${m.floor}</th>
          <th>${m.room}</th>
          <th>${m.people}</th>
        </tr>
      </thead>
      <tbody>
        ${households.map(
          (h) =>
            html`<tr class=${h.id === this.selectedId ? 'selected' : ''}>
              <td>${h.building}</td>
              <td>${h.unit}</td>
              <td class="num">${h.floor ?? ''}</td>
              <td><button class="link" @click=${() => this.#select(h.id)}>${h.room}</button></td>
              <td class="num">${h.personCount}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  #renderHousehold() {
    const m = this.#m;
    const household = this.#householdList?.find((h) => h.id === this.selectedId);
    if (!household)
      return html`<h2>${m.members}</h2>
        <p class="muted">${m.selectHousehold}</p>`;
    const vehicles = (this.#vehicles.value?.vehicles ?? []).filter((v) => v.householdId === household.id);
    return html`
      <h2>${household.building}${household.unit}${household.room} · ${m.members}</h2>
      ${this.renderLoaded(this.#persons, ({ persons }) =>
        persons.length === 0
          ? html`<p class="muted">${m.noPeople}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>${m.name}</th>
                  <th>${m.category}</th>
                  <th>${m.phone}</th>
                  <th>${m.idMasked}</th>
                  <th>${m.actions}</th>
                </tr>
              </thead>
              <tbody>
                ${persons.map(
                  (p: PersonView) =>
                    html`<tr>
                      <td>${revealInvisible(p.name)}</td>
                      <td>${categoryLabel(m, p.category)}</td>
                      <td class="num">${p.phone ?? ''}</td>
                      <td class="num">${p.idMasked ?? ''}</td>
                      <td>
                        <button @click=${() => (this.editing = p)}>${m.edit}</button>
                        <button @click=${() => this.#removePerson(p)}>${m.remove}</button>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`,
      )}
      ${this.#renderPersonForm(household)}
      <h3>${m.vehicles}</h3>
      <p>
        ${vehicles.map((v) => html`<span class="num">${v.plate}</span> <button @click=${() => this.#removeVehicle(v)}>${m.remove}</button> `)}
      </p>
      <form class="inline" @submit=${this.#addVehicle}>
        <label>${m.plate}<input name="plate" required size="10" /></label>
        <button type="submit">${m.addVehicle}</button>
      </form>
      <p>
        <button class="primary" @click=${this.#passSheet}>${m.passSheet}</button>
        ${household.personCount === 0 && vehicles.length === 0 ? html`<button @click=${() => this.#removeHousehold(household)}>${m.removeHousehold}</button>` : null}
      </p>
      <cp-pass-sheet .language=${this.language} .sheet=${this.sheet} @close=${() => (this.sheet = null)}></cp-pass-sheet>
    `;
  }

  /** Adds a member, or changes the one being edited (household move included); keyed so a switch clears the fields. */
  #renderPersonForm(household: HouseholdView) {
    const m = this.#m;
    const p = this.editing;
    return keyed(
      p?.id ?? 'new',
      html`<form class="inline" @submit=${this.#addPerson}>
        <label>${m.name}<input name="name" required size="8" .value=${p?.name ?? ''} /></label>
        <label
          >${m.category}<select name="category">
            ${CATEGORIES.map((c) => html`<option value=${c} ?selected=${p?.category === c}>${categoryLabel(m, c)}</option>`)}
          </select></label
        >
        <label>${m.phone}<input name="phone" inputmode="tel" size="12" .value=${p?.phone ?? ''} /></label>
        <label title=${m.idNumberHint}
          >${m.idNumber}<input name="idNumber" size="19" autocomplete="off" placeholder=${p?.idMasked ?? ''}
        /></label>
        ${
          p
            ? html`<label
                  >${m.household}<select name="householdId">
                    ${(this.#householdList ?? []).map(
                      (h) =>
                        html`<option value=${h.id} ?selected=${h.id === (p.householdId ?? household.id)}>
                          ${h.building}${h.unit}${h.room}
                        </option>`,
                    )}
                  </select></label
                >
                <button class="primary" type="submit">${m.save}</button>
                <button type="button" @click=${() => (this.editing = null)}>${m.cancel}</button>`
            : html`<button class="primary" type="submit">${m.addPerson}</button>`
        }
      </form>`,
    );
  }
}
customElements.define('cp-roster-page', CpRosterPage);
