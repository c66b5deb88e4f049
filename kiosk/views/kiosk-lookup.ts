import { LitElement, html, type TemplateResult } from 'lit';
import type { RosterSnapshot } from '../../protocol/index.ts';
import { panelStyles } from '../kiosk-styles.ts';
import type { Messages } from '../messages.ts';
import { distinct, searchPersons, type PersonQuery } from '../person-search.ts';

/** Manual look-up for someone without a pass or card. Fires `person-chosen` with the roster person id. */
export class KioskLookup extends LitElement {
  static override styles = panelStyles;
  static override properties = {
    t: { attribute: false },
    roster: { attribute: false },
    query: { state: true },
  };
  declare t: Messages;
  declare roster: RosterSnapshot | undefined;
  declare query: PersonQuery;

  constructor() {
    super();
    this.query = { building: '', unit: '', room: '', name: '', phoneTail: '' };
  }

  #set(field: keyof PersonQuery, value: string): void {
    this.query = { ...this.query, [field]: value };
  }

  override render(): TemplateResult {
    const t = this.t;
    const households = this.roster?.households ?? [];
    const buildings = distinct(households.map((h) => h.building));
    const units = distinct(
      households.filter((h) => !this.query.building || h.building === this.query.building).map((h) => h.unit),
    );
    const matches = searchPersons(this.roster, this.query);
    const input = (field: keyof PersonQuery) => (e: Event) => this.#set(field, (e.target as HTMLInputElement).value);
    return html`<div class="panel">
      <div class="row">
        <label
          >${t.building}
          <select @change=${input('building')}>
            <option value="">—</option>
            ${buildings.map((b) => html`<option ?selected=${b === this.query.building}>${b}</option>`)}
          </select>
        </label>
        <label
          >${t.unit}
          <select @change=${input('unit')}>
            <option value="">—</option>
            ${units.map((u) => html`<option ?selected=${u === this.query.unit}>${u}</option>`)}
          </select>
        </label>
        <label>${t.room}<input name="room" .value=${this.query.room} @input=${input('room')} /></label>
      </div>
      <div class="row">
        <label>${t.name}<input name="name" .value=${this.query.name} @input=${input('name')} /></label>
        <label
          >${t.phoneTail}<input
            name="phoneTail"
            inputmode="numeric"
            maxlength="4"
            .value=${this.query.phoneTail}
            @input=${input('phoneTail')}
        /></label>
      </div>
      <h2>${t.results}</h2>
      ${
        matches.length === 0
          ? html`<p>${t.noResults}</p>`
          : html`<table>
              <tbody>
                ${matches.map(
                  ({ person, household }) =>
                    html`<tr>
                      <td><strong>${person.name}</strong></td>
                      <td>${t[person.category]}</td>
                      <td>${household ? `${household.building} ${household.unit} ${household.room}` : ''}</td>
                      <td>
                        <button
                          class="primary"
                          @click=${() => this.dispatchEvent(new CustomEvent('person-chosen', { detail: person.id, bubbles: true, composed: true }))}
                        >
                          ${t.choose}
                        </button>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </div>`;
  }
}
customElements.define('kiosk-lookup', KioskLookup);
