import { LitElement, html, type TemplateResult } from 'lit';
import type { GuardAccount } from '../../protocol/index.ts';
import { checkGuardPin, type PinCheck } from '../guard-pin.ts';
import { panelStyles } from '../kiosk-styles.ts';
import type { Locale, Messages } from '../messages.ts';
import { pinCheckMessage } from '../pin-check-message.ts';

/**
 * Shift sign-in: the guard picks their name and types their PIN; the gate checks it (it keeps the
 * hashes and the count of wrong tries) and the refusal is said here. Fires `signed-in` with the account.
 */
export class KioskSignIn extends LitElement {
  static override styles = panelStyles;
  static override properties = {
    t: { attribute: false },
    locale: { attribute: false },
    timeZone: { attribute: false },
    guards: { attribute: false },
    problem: { state: true },
    checking: { state: true },
    waiting: { state: true },
  };
  declare t: Messages;
  declare locale: Locale;
  /** The community's zone: a lock's end is said on its clock. */
  declare timeZone: string;
  declare guards: GuardAccount[];
  /** The gate's last refusal, said in whichever language the screen is in now. */
  declare problem: { check: Exclude<PinCheck, { outcome: 'accepted' }>; at: Date } | null;
  declare checking: boolean;
  /** The gate asked for a pause before the next try: the button waits with it. */
  declare waiting: boolean;
  #wait: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.guards = [];
    this.locale = 'zh-CN';
    this.timeZone = 'Asia/Shanghai';
    this.problem = null;
    this.checking = false;
    this.waiting = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#wait) clearTimeout(this.#wait);
  }

  #pauseUntil(retryAt: string | null): void {
    if (this.#wait) clearTimeout(this.#wait);
    const ms = retryAt === null ? 0 : Date.parse(retryAt) - Date.now();
    this.waiting = ms > 0;
    if (ms > 0) this.#wait = setTimeout(() => (this.waiting = false), ms);
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const guard = this.guards.find((g) => g.id === data.get('guard'));
    if (!guard) return;
    this.checking = true;
    const check = await checkGuardPin(guard.id, String(data.get('pin') ?? ''));
    this.checking = false;
    if (check.outcome !== 'accepted') {
      this.problem = { check, at: new Date() };
      this.#pauseUntil(check.outcome === 'wrong-pin' || check.outcome === 'too-soon' ? check.retryAt : null);
      (form.elements.namedItem('pin') as HTMLInputElement).value = '';
      return;
    }
    this.problem = null;
    this.dispatchEvent(new CustomEvent('signed-in', { detail: guard, bubbles: true, composed: true }));
  }

  override render(): TemplateResult {
    const t = this.t;
    const problem = this.problem ? pinCheckMessage(this.problem.check, t, this.locale, this.timeZone, this.problem.at) : null;
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
          maxlength="8"
          pattern="[0-9]{4,8}"
          aria-invalid=${problem ? 'true' : 'false'}
        />
      </label>
      ${problem ? html`<p class="error" role="alert" data-test="pin-problem">${problem}</p>` : null}
      <button class="primary" type="submit" ?disabled=${this.checking || this.waiting}>
        ${this.checking ? t.checkingPin : t.signIn}
      </button>
    </form>`;
  }
}
customElements.define('kiosk-sign-in', KioskSignIn);
