import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';
import { checkResidentId, type IdCardEvent, type ResidentIdProblem, type RosterSnapshot } from '../../protocol/index.ts';
import { panelStyles } from '../kiosk-styles.ts';
import { format, type MessageKey, type Messages } from '../messages.ts';
import { hostHouseholdFields, onlyHousehold } from './host-household-fields.ts';

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

const reasonKey = {
  'check-digit': 'reasonCheckDigit',
  'birth-date': 'reasonBirthDate',
  format: 'reasonFormat',
  province: 'reasonProvince',
} as const satisfies Record<ResidentIdProblem, MessageKey>;

/**
 * Visitor registration. The ID number is checked here (check digit, birth date) so the guard sees
 * a typo at once; the shell has it hashed at the gate and never stores it. An ID card laid on the
 * reader fills the name and stands for the number (only its masked form is here), with its
 * validity. Fires `register`, and `forget-card` when the guard would rather type.
 */
export class KioskVisitorForm extends LitElement {
  static override styles = [
    panelStyles,
    css`
      .row {
        align-items: start;
      }
      .id-card {
        display: grid;
        gap: 2px;
        align-content: start;
        padding: 6px 12px;
        border: 2px solid #4f7396;
        border-radius: 8px;
        font-size: 20px;
        color: #d5dfe9;
      }
      .id-card strong {
        font-size: 24px;
        color: #f5f7fa;
        letter-spacing: 0.05em;
      }
      .id-card[data-validity='expired'],
      .id-card[data-validity='not-yet-valid'] {
        border-color: #ff6b6b;
      }
      .id-card button {
        justify-self: start;
        font: inherit;
        font-size: 16px;
        padding: 4px 10px;
      }
    `,
  ];
  static override properties = {
    t: { attribute: false },
    roster: { attribute: false },
    card: { attribute: false },
    recent: { attribute: false },
    busy: { attribute: false },
    error: { attribute: false },
    draft: { state: true },
    hostQuery: { state: true },
  };
  declare t: Messages;
  declare roster: RosterSnapshot | undefined;
  declare card: IdCardEvent['card'] | null;
  declare recent: RecentVisitor[];
  declare busy: boolean;
  declare error: string | null;
  declare draft: VisitorRegistration;
  declare hostQuery: string;

  constructor() {
    super();
    this.card = null;
    this.recent = [];
    this.busy = false;
    this.error = null;
    this.draft = { name: '', phone: '', idNumber: '', purpose: '', hostHouseholdId: '', plate: '' };
    this.hostQuery = '';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('card') && this.card) this.draft = { ...this.draft, name: this.card.name, idNumber: '' };
  }

  #idProblem(): string | null {
    if (this.card || !this.draft.idNumber.trim()) return null;
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

  #renderCard(card: IdCardEvent['card']): TemplateResult {
    const t = this.t;
    const problem =
      card.validity === 'expired'
        ? format(t.cardExpired, { date: card.validTo ?? '' })
        : card.validity === 'not-yet-valid'
          ? format(t.cardNotYetValid, { date: card.validFrom })
          : null;
    return html`<div class="id-card" data-test="id-card" data-validity=${card.validity}>
      <span>${t.idNumber} · ${t.cardRead}</span>
      <strong data-test="id-card-number">${card.idMasked}</strong>
      ${
        problem
          ? html`<span class="error" role="alert" data-test="id-card-validity">${problem}</span>`
          : html`<span data-test="id-card-validity"
              >${card.validTo === null ? t.cardValidForLife : format(t.cardValidTo, { date: card.validTo })}</span
            >`
      }
      <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('forget-card', { bubbles: true, composed: true }))}>
        ${t.cardForget}
      </button>
    </div>`;
  }

  #renderIdInput(idProblem: string | null, set: (field: keyof VisitorRegistration) => (e: Event) => void): TemplateResult {
    const t = this.t;
    return html`<label
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
    </label>`;
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
          ${this.card ? this.#renderCard(this.card) : this.#renderIdInput(idProblem, set)}
          <label>${t.purpose}<input name="purpose" maxlength="60" .value=${this.draft.purpose} @input=${set('purpose')} /></label>
        </div>
        <div class="row">
          ${hostHouseholdFields({
            t,
            households: this.roster?.households ?? [],
            query: this.hostQuery,
            chosenId: this.draft.hostHouseholdId,
            onQuery: (query) => {
              this.hostQuery = query;
              const only = onlyHousehold(this.roster?.households ?? [], query);
              if (only) this.draft = { ...this.draft, hostHouseholdId: only };
            },
            onChoose: (hostHouseholdId) => (this.draft = { ...this.draft, hostHouseholdId }),
          })}
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
