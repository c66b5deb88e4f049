import { LitElement, html, type TemplateResult } from 'lit';
import type { GuardAccount } from '../../protocol/index.ts';
import { verifyGuardPin } from '../guard-pin.ts';
import { panelStyles } from '../kiosk-styles.ts';
import type { Messages } from '../messages.ts';

/** Shift sign-in: the guard picks their name and types their PIN, checked offline. Fires `signed-in` with the account. */
export class KioskSignIn extends LitElement {
  static override styles = panelStyles;
  static override properties = {
    t: { attribute: false },
    guards: { attribute: false },
    error: { state: true },
    checking: { state: true },
  };
  declare t: Messages;
  declare guards: GuardAccount[];
  declare error: string | null;
  declare checking: boolean;

  constructor() {
    super();
    this.guards = [];
    this.error = null;
    this.checking = false;
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const guard = this.guards.find((g) => g.id === data.get('guard'));
    if (!guard) return;
    this.checking = true;
    const ok = await verifyGuardPin(guard, String(data.get('pin') ?? ''));
    this.checking = false;
    if (!ok) {
      this.error = this.t.wrongPin;
      (form.elements.namedItem('pin') as HTMLInputElement).value = '';
      return;
    }
    this.error = null;
    this.dispatchEvent(new CustomEvent('signed-in', { detail: guard, bubbles: true, composed: true }));
  }

  override render(): TemplateResult {
    const t = this.t;
    if (this.guards.length === 0) return html`<div class="panel"><p class="error" role="alert">${t.noGuards}</p></div>`;
    return html`<form @submit=${(e: SubmitEvent) => this.#submit(e)}>
      <h2>${t.guardNamePrompt}</h2>
      <label
        >${t.pickGuard}
        <select name="guard" required>
          ${this.guards.map((g) => html`<option value=${g.id}>${g.name}</option>`)}
        </select>
      </label>
      <label
        >${t.pin}
        <input
          name="pin"
          type="password"
          inputmode="numeric"
          autocomplete="off"
          required
          maxlength="12"
          aria-invalid=${this.error ? 'true' : 'false'}
        />
      </label>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      <button class="primary" type="submit" ?disabled=${this.checking}>${t.signIn}</button>
    </form>`;
  }
}
customElements.define('kiosk-sign-in', KioskSignIn);
