import { css, html, LitElement } from 'lit';
import type { SessionUser } from '../../protocol/review.ts';
import { fetchSession, signOut } from './console-api.ts';
import { consoleStyles } from './console-styles.ts';
import './cp-entry-log.ts';
import './cp-sign-in.ts';
import { loadLanguage, MESSAGES, saveLanguage, type Language } from './messages.ts';

/** The review console: sign-in, then the entry log; the language choice survives a reload. */
export class CpConsoleApp extends LitElement {
  static override properties = {
    language: { state: true },
    user: { state: true },
    checking: { state: true },
  };
  declare language: Language;
  declare user: SessionUser | null;
  declare checking: boolean;

  static override styles = [
    consoleStyles,
    css`
      :host { min-height: 100vh; background: #f6f7f9; }
      header { display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: #fff; border-bottom: 3px solid #1b3a5c; }
      h1 { flex: 1; margin: 0; font-size: 22px; color: #1b3a5c; }
      main { padding: 0 20px; }
    `,
  ];

  constructor() {
    super();
    this.language = loadLanguage(localStorage);
    this.user = null;
    this.checking = true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = this.language;
    document.title = MESSAGES[this.language].title;
    void fetchSession().then((result) => {
      this.user = result.ok ? result.value : null;
      this.checking = false;
    });
  }

  #toggleLanguage(): void {
    this.language = this.language === 'zh-CN' ? 'en' : 'zh-CN';
    saveLanguage(localStorage, this.language);
    document.documentElement.lang = this.language;
    document.title = MESSAGES[this.language].title;
  }

  async #signOut(): Promise<void> {
    await signOut();
    this.user = null;
  }

  override render() {
    const m = MESSAGES[this.language];
    return html`
      <header>
        <h1>${m.title}</h1>
        ${this.user ? html`<span>${m.signedInAs}: <strong>${this.user.username}</strong></span><button @click=${this.#signOut}>${m.signOut}</button>` : null}
        <button @click=${this.#toggleLanguage} lang=${this.language === 'zh-CN' ? 'en' : 'zh-CN'}>${m.language}</button>
      </header>
      <main>
        ${this.checking
          ? null
          : this.user
            ? html`<cp-entry-log .language=${this.language} @signed-out=${() => (this.user = null)}></cp-entry-log>`
            : html`<cp-sign-in .language=${this.language} @signed-in=${(event: CustomEvent<SessionUser>) => (this.user = event.detail)}></cp-sign-in>`}
      </main>
    `;
  }
}
customElements.define('cp-console-app', CpConsoleApp);
