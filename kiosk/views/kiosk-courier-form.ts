import { LitElement, html, type TemplateResult } from 'lit';
import type { RosterSnapshot } from '../../protocol/index.ts';
import { panelStyles } from '../kiosk-styles.ts';
import type { Messages } from '../messages.ts';
import { hostHouseholdFields, onlyHousehold } from './host-household-fields.ts';

export interface DropOff {
  name: string;
  company: string;
  phone: string;
  hostHouseholdId: string;
}

/** A courier or delivery leaving goods at the gate: logged, not let in. Fires `drop-off`. */
export class KioskCourierForm extends LitElement {
  static override styles = panelStyles;
  static override properties = {
    t: { attribute: false },
    roster: { attribute: false },
    hostQuery: { state: true },
    hostId: { state: true },
  };
  declare t: Messages;
  declare roster: RosterSnapshot | undefined;
  declare hostQuery: string;
  declare hostId: string;

  constructor() {
    super();
    this.hostQuery = '';
    this.hostId = '';
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const text = (key: string) => String(data.get(key) ?? '').trim();
    this.dispatchEvent(
      new CustomEvent<DropOff>('drop-off', {
        detail: { name: text('name'), company: text('company'), phone: text('phone'), hostHouseholdId: text('host') },
        bubbles: true,
        composed: true,
      }),
    );
    form.reset();
    this.hostQuery = '';
    this.hostId = '';
  }

  override render(): TemplateResult {
    const t = this.t;
    return html`<form @submit=${(e: SubmitEvent) => this.#submit(e)}>
      <div class="row">
        <label>${t.courierName}<input name="name" maxlength="40" /></label>
        <label>${t.company}<input name="company" maxlength="40" /></label>
        <label>${t.phone}<input name="phone" inputmode="tel" maxlength="20" /></label>
      </div>
      <div class="row">
        ${hostHouseholdFields({
          t,
          households: this.roster?.households ?? [],
          query: this.hostQuery,
          chosenId: this.hostId,
          onQuery: (query) => {
            this.hostQuery = query;
            this.hostId = onlyHousehold(this.roster?.households ?? [], query) ?? this.hostId;
          },
          onChoose: (id) => (this.hostId = id),
        })}
      </div>
      <button class="primary" type="submit">${t.logDropOff}</button>
    </form>`;
  }
}
customElements.define('kiosk-courier-form', KioskCourierForm);
