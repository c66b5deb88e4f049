import { html, LitElement } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { HouseholdView, PassSheet, PersonView, RosterCategory, VehicleView } from '../../../protocol/roster-admin.ts';
import { adminApi } from '../api/admin-api.ts';
import { failureText, formFields } from '../shared/admin-feedback.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import type { ApiResult } from '../api/console-api.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import './cp-pass-sheet.ts';
import type { Language } from '../i18n/messages.ts';
import { categoryLabel, ROSTER_MESSAGES } from '../i18n/roster-messages.ts';

const CATEGORIES: RosterCategory[] = ['resident', 'tenant', 'staff'];

/** Property staff's roster: households on the left; the chosen one's members, vehicles and pass sheet on the right. */
export class CpRosterPage extends LitElement {
  static override properties = {
    language: {},
    households: { state: true },
    selectedId: { state: true },
    persons: { state: true },
    vehicles: { state: true },
    sheet: { state: true },
    status: { state: true },
    filter: { state: true },
    editing: { state: true },
  };
  declare language: Language;
  declare households: HouseholdView[] | null;
  declare selectedId: string | null;
  declare persons: PersonView[];
  declare vehicles: VehicleView[];
  declare sheet: PassSheet | null;
  declare status: { ok: boolean; text: string } | null;
  /** Narrows the household list by address: `3栋`, `2单元`, `502`. */
  declare filter: string;
  /** The member whose details the form is changing; null: the form adds a member. */
  declare editing: PersonView | null;

  static override styles = [consoleStyles, adminStyles];

  constructor() {
    super();
    this.language = 'zh-CN';
    this.households = null;
    this.selectedId = null;
    this.persons = [];
    this.vehicles = [];
    this.sheet = null;
    this.status = null;
    this.filter = '';
    this.editing = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadHouseholds();
  }

  get #m() {
    return ROSTER_MESSAGES[this.language];
  }

  #accept<T>(result: ApiResult<T>): result is { ok: true; value: T } {
    if (result.ok) return true;
    this.status = { ok: false, text: failureText(this, result, this.#m) };
    return false;
  }

  async #loadHouseholds(): Promise<void> {
    const [households, vehicles] = await Promise.all([adminApi.households(), adminApi.vehicles()]);
    if (this.#accept(households)) this.households = households.value.households;
    if (this.#accept(vehicles)) this.vehicles = vehicles.value.vehicles;
  }

  async #select(id: string): Promise<void> {
    this.selectedId = id;
    this.sheet = null;
    this.editing = null;
    this.persons = [];
    const persons = await adminApi.persons(id);
    if (this.#accept(persons) && this.selectedId === id) this.persons = persons.value.persons;
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
    if (!this.#accept(result)) return;
    form.reset();
    this.status = { ok: true, text: this.#m.saved };
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
    if (!this.#accept(result)) return;
    form.reset();
    this.editing = null;
    this.status = { ok: true, text: this.#m.saved };
    await this.#loadHouseholds();
    if (this.selectedId) await this.#select(this.selectedId);
  }

  async #removePerson(person: PersonView): Promise<void> {
    if (!this.#accept(await adminApi.deletePerson(person.id))) return;
    await this.#loadHouseholds();
    if (this.selectedId) await this.#select(this.selectedId);
  }

  async #addVehicle(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = formFields(form);
    if (!this.selectedId) return;
    if (!this.#accept(await adminApi.addVehicle({ plate: f.plate ?? '', householdId: this.selectedId }))) return;
    form.reset();
    this.status = { ok: true, text: this.#m.saved };
    await this.#loadHouseholds();
  }

  async #removeVehicle(vehicle: VehicleView): Promise<void> {
    if (this.#accept(await adminApi.deleteVehicle(vehicle.id))) await this.#loadHouseholds();
  }

  async #removeHousehold(household: HouseholdView): Promise<void> {
    if (!this.#accept(await adminApi.deleteHousehold(household.id))) return;
    this.selectedId = null;
    this.status = { ok: true, text: this.#m.saved };
    await this.#loadHouseholds();
  }

  async #passSheet(): Promise<void> {
    if (!this.selectedId) return;
    const result = await adminApi.passSheet(this.selectedId);
    if (this.#accept(result)) this.sheet = result.value;
  }

  override render() {
    const m = this.#m;
    return html`
      <div class="status" role="status">
        ${this.status ? html`<span class=${this.status.ok ? 'ok' : 'bad'}>${this.status.text}</span>` : null}
      </div>
      <div class="row">
        <section>
          <h2>${m.households}</h2>
          <label
            >${m.find}<input
              type="search"
              .value=${this.filter}
              @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value.trim())}
          /></label>
          ${
            this.households === null
              ? html`<p>${m.loading}</p>`
              : this.#renderHouseholds(this.households.filter((h) => `${h.building}${h.unit}${h.room}`.includes(this.filter)))
          }
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
    const household = this.households?.find((h) => h.id === this.selectedId);
    if (!household)
      return html`<h2>${m.members}</h2>
        <p class="muted">${m.selectHousehold}</p>`;
    const vehicles = this.vehicles.filter((v) => v.householdId === household.id);
    return html`
      <h2>${household.building}${household.unit}${household.room} · ${m.members}</h2>
      ${
        this.persons.length === 0
          ? html`<p class="muted">${m.noPeople}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>${m.name}</th>
                  <th>${m.category}</th>
                  <th>${m.phone}</th>
                  <th>${m.idMasked}</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${this.persons.map(
                  (p) =>
                    html`<tr>
                      <td>${p.name}</td>
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
            </table>`
      }
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
                    ${(this.households ?? []).map(
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
