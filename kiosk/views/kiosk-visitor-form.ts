import { LitElement, html, type TemplateResult } from 'lit';
import { checkResidentId, type RosterSnapshot } from '../../protocol/index.ts';
import { panelStyles } from '../kiosk-styles.ts';
import type { Messages } from '../messages.ts';

export interface VisitorRegistration {
  name: string;
  phone: string;
  idNumber: string;
  purpose: string;
  hostHouseholdId: string;
  plate: string;
}

export interface RecentVisitor {
  name: string;
  phone: string | null;
  purpose: string | null;
  hostHouseholdId: string | null;
  plate: string | null;
  lastSeen: string;
}

const reasonKey = { 'check-digit': 'reasonCheckDigit', 'birth-date': 'reasonBirthDate', format: 'reasonFormat' } as const;

/**
 * Visitor registration. The ID number is checked here (check digit, birth date) so the guard sees
 * a typo at once; the shell has it hashed at the gate and never stores it. Fires `register`.
 */
export class KioskVisitorForm extends LitElement {
  static override styles = panelStyles;
  static override properties = {
    t: { attribute: false },
    roster: { attribute: false },
    recent: { attribute: false },
    busy: { attribute: false },
    error: { attribute: false },
    draft: { state: true },
  };
  declare t: Messages;
  declare roster: RosterSnapshot | undefined;
  declare recent: RecentVisitor[];
  declare busy: boolean;
  declare error: string | null;
  declare draft: VisitorRegistration;

  constructor() {
    super();
    this.recent = [];
    this.busy = false;
    this.error = null;
    this.draft = { name: '', phone: '', idNumber: '', purpose: '', hostHouseholdId: '', plate: '' };
  }

  #idProblem(): string | null {
    if (!this.draft.idNumber.trim()) return null;
    const check = checkResidentId(this.draft.idNumber);
    return check.ok ? null : this.t[reasonKey[check.reason]];
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    if (this.#idProblem()) return;
    this.dispatchEvent(
      new CustomEvent<VisitorRegistration>('register', { detail: { ...this.draft }, bubbles: true, composed: true }),
    );
  }

  #reenter(visitor: RecentVisitor): void {
    this.draft = {
      name: visitor.name,
      phone: visitor.phone ?? '',
      idNumber: '',
      purpose: visitor.purpose ?? '',
      hostHouseholdId: visitor.hostHouseholdId ?? '',
      plate: visitor.plate ?? '',
    };
  }

  override render(): TemplateResult {
    const t = this.t;
    const idProblem = this.#idProblem();
    const set = (field: keyof VisitorRegistration) => (e: Event) => {
      this.draft = { ...this.draft, [field]: (e.target as HTMLInputElement).value };
    };
    return html`<form @submit=${(e: SubmitEvent) => this.#submit(e)}>
        <div class="row">
          <label
            >${t.visitorName}<input name="name" required maxlength="40" .value=${this.draft.name} @input=${set('name')}
          /></label>
          <label
            >${t.phone}<input name="phone" inputmode="tel" maxlength="20" .value=${this.draft.phone} @input=${set('phone')}
          /></label>
        </div>
        <div class="row">
          <label
            >${t.idNumber}
            <input
              name="idNumber"
              maxlength="18"
              autocomplete="off"
              .value=${this.draft.idNumber}
              @input=${set('idNumber')}
              aria-invalid=${idProblem ? 'true' : 'false'}
            />
            ${idProblem ? html`<span class="error" role="alert">${t.idInvalid}${t.colon}${idProblem}</span>` : null}
          </label>
          <label>${t.purpose}<input name="purpose" maxlength="60" .value=${this.draft.purpose} @input=${set('purpose')} /></label>
        </div>
        <div class="row">
          <label
            >${t.host}
            <select name="host" @change=${set('hostHouseholdId')}>
              <option value="">${t.chooseHousehold}</option>
              ${(this.roster?.households ?? []).map(
                (h) =>
                  html`<option value=${h.id} ?selected=${h.id === this.draft.hostHouseholdId}>
                    ${h.building} ${h.unit} ${h.room}
                  </option>`,
              )}
            </select>
          </label>
          <label>${t.plate}<input name="plate" maxlength="10" .value=${this.draft.plate} @input=${set('plate')} /></label>
        </div>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
        <button class="primary" type="submit" ?disabled=${this.busy || idProblem !== null}>
          ${this.busy ? t.idChecking : t.startScreening}
        </button>
      </form>
      ${
        this.recent.length === 0
          ? null
          : html`<div class="panel">
              <h2>${t.recentVisitors}</h2>
              <table>
                <tbody>
                  ${this.recent.map(
                    (v) =>
                      html`<tr>
                        <td><strong>${v.name}</strong></td>
                        <td>${v.purpose ?? ''}</td>
                        <td>${v.plate ?? ''}</td>
                        <td><button @click=${() => this.#reenter(v)}>${t.reenter}</button></td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }`;
  }
}
customElements.define('kiosk-visitor-form', KioskVisitorForm);
