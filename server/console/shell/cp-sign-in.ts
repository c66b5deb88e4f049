import { css, html, LitElement } from 'lit';
import type { SessionUser } from '../../../protocol/review.ts';
import { signIn } from '../api/console-api.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { MESSAGES } from '../i18n/messages.ts';
import type { Language } from '../i18n/language.ts';

/** The sign-in form; fires `signed-in` with the user once the server has set the session cookie. */
export class CpSignIn extends LitElement {
  static override properties = {
    language: {},
    busy: { state: true },
    problem: { state: true },
  };
  declare language: Language;
  declare busy: boolean;
  declare problem: string | null;

  static override styles = [
    consoleStyles,
    css`
      form {
        max-width: 360px;
        margin: 48px auto;
        padding: 24px 28px;
        border: 2px solid #1b3a5c;
        border-radius: 6px;
        background: #fff;
      }
      label {
        display: block;
        margin: 14px 0 4px;
        font-weight: 700;
      }
      input {
        box-sizing: border-box;
        width: 100%;
        font: inherit;
        padding: 8px;
        border: 2px solid #555;
        border-radius: 4px;
      }
      button {
        margin-top: 20px;
        width: 100%;
        padding: 10px;
        font-size: 18px;
      }
      .error {
        margin: 14px 0 0;
      }
    `,
  ];

  constructor() {
    super();
    this.language = 'zh-CN';
    this.busy = false;
    this.problem = null;
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const m = MESSAGES[this.language];
    const form = new FormData(event.target as HTMLFormElement);
    this.busy = true;
    this.problem = null;
    const result = await signIn({ username: String(form.get('username') ?? ''), password: String(form.get('password') ?? '') });
    this.busy = false;
    if (result.ok) {
      this.dispatchEvent(new CustomEvent<SessionUser>('signed-in', { detail: result.value, bubbles: true, composed: true }));
      return;
    }
    this.problem =
      result.status === 429
        ? m.tooManyAttempts
        : result.status === 401 || result.status === 400
          ? m.badCredentials
          : result.status === 0
            ? m.networkError
            : `${m.loadFailed}${result.error.message}`;
  }

  override render() {
    const m = MESSAGES[this.language];
    return html`
      <form @submit=${this.#submit}>
        <label for="username">${m.username}</label>
        <input id="username" name="username" autocomplete="username" required maxlength="64" />
        <label for="password">${m.password}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256" />
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? m.signingIn : m.signIn}</button>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null}
      </form>
    `;
  }
}
customElements.define('cp-sign-in', CpSignIn);
