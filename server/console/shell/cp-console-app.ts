import { css, html, LitElement } from 'lit';
import type { SessionUser } from '../../../protocol/review.ts';
import { adminApi } from '../api/admin-api.ts';
import { fetchSession, signOut } from '../api/console-api.ts';
import { setCommunityTimeZone } from '../shared/community-time.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import '../review/cp-fever-banner.ts';
import './cp-sign-in.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { loadLanguage, saveLanguage, type Language } from '../i18n/language.ts';
import { GROUPS, pagesFor } from './pages.ts';

/** The review console: sign-in, then the pages the user's role may open; the language choice survives a reload. */
export class CpConsoleApp extends LitElement {
  static override properties = {
    language: { state: true },
    user: { state: true },
    checking: { state: true },
    route: { state: true },
  };
  declare language: Language;
  declare user: SessionUser | null;
  declare checking: boolean;
  declare route: string;

  static override styles = [
    consoleStyles,
    css`
      :host {
        min-height: 100vh;
        background: #f6f7f9;
      }
      header {
        display: flex;
        align-items: center;
        gap: 16px;
        padding: 10px 20px;
        background: #fff;
        border-bottom: 3px solid #1b3a5c;
      }
      h1 {
        flex: 1;
        margin: 0;
        font-size: 22px;
        color: #1b3a5c;
      }
      main {
        padding: 0 20px;
      }
      nav {
        background: #fff;
        border-bottom: 1px solid #c8d1db;
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        margin: 0;
        padding: 6px 20px 0;
        list-style: none;
      }
      nav ul.pages {
        background: #e9eef3;
        padding-top: 4px;
      }
      nav a {
        display: block;
        padding: 7px 14px;
        color: #1b3a5c;
        text-decoration: none;
        white-space: nowrap;
        border-radius: 6px 6px 0 0;
      }
      nav ul.groups a {
        font-weight: 700;
      }
      nav a[aria-current='page'],
      nav a[aria-current='true'] {
        background: #1b3a5c;
        color: #fff;
        font-weight: 700;
      }
      nav a:focus-visible {
        outline: 3px solid #e8a100;
        outline-offset: -3px;
      }
    `,
  ];

  constructor() {
    super();
    this.language = loadLanguage(localStorage);
    this.user = null;
    this.checking = true;
    this.route = location.hash.replace(/^#\/?/, '').split('?')[0]!;
  }

  // A page may carry its own arguments after `?` (`#/timeline?person=…`); the route is the part before.
  #onHashChange = (): void => {
    this.route = location.hash.replace(/^#\/?/, '').split('?')[0]!;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    document.documentElement.lang = this.language;
    document.title = MESSAGES[this.language].title;
    void fetchSession().then(async (result) => {
      if (result.ok) await this.#loadCommunityClock();
      this.user = result.ok ? result.value : null;
      this.checking = false;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
  }

  #toggleLanguage(): void {
    this.language = this.language === 'zh-CN' ? 'en' : 'zh-CN';
    saveLanguage(localStorage, this.language);
    document.documentElement.lang = this.language;
    document.title = MESSAGES[this.language].title;
  }

  /** Pages show days and hours on the community's clock: set it before the first page renders. */
  async #loadCommunityClock(): Promise<void> {
    const result = await adminApi.communities();
    const zone = result.ok ? result.value.communities[0]?.timeZone : undefined;
    if (zone) setCommunityTimeZone(zone);
  }

  async #signedIn(user: SessionUser): Promise<void> {
    await this.#loadCommunityClock();
    this.user = user;
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
        ${
          this.user
            ? html`<span>${m.signedInAs}: <strong>${this.user.username}</strong></span
                ><button @click=${this.#signOut}>${m.signOut}</button>`
            : null
        }
        <button @click=${this.#toggleLanguage} lang=${this.language === 'zh-CN' ? 'en' : 'zh-CN'}>${m.language}</button>
      </header>
      ${
        this.checking
          ? null
          : this.user
            ? this.#renderPages(this.user)
            : html`<main>
                <cp-sign-in
                  .language=${this.language}
                  @signed-in=${(event: CustomEvent<SessionUser>) => void this.#signedIn(event.detail)}
                ></cp-sign-in>
              </main>`
      }
    `;
  }

  #renderPages(user: SessionUser) {
    const m = MESSAGES[this.language];
    const pages = pagesFor(user.role);
    const current = pages.find((page) => page.id === this.route) ?? pages[0];
    if (!current) return html`<main><p role="alert">${m.noPagesForRole}</p></main>`;
    const groups = GROUPS.filter((group) => pages.some((page) => page.group === group.id));
    return html`
      <nav aria-label=${m.navigation}>
        ${
          groups.length > 1
            ? html`<ul class="groups">
                ${groups.map((group) => {
                  const first = pages.find((page) => page.group === group.id)!;
                  return html`<li>
                    <a href="#/${first.id}" aria-current=${group.id === current.group ? 'true' : 'false'}
                      >${group.title[this.language]}</a
                    >
                  </li>`;
                })}
              </ul>`
            : null
        }
        <ul class="pages">
          ${pages
            .filter((page) => page.group === current.group)
            .map(
              (page) =>
                html`<li>
                  <a href="#/${page.id}" aria-current=${page === current ? 'page' : 'false'}>${page.title[this.language]}</a>
                </li>`,
            )}
        </ul>
      </nav>
      ${user.role === 'community' || user.role === 'admin' ? html`<cp-fever-banner .language=${this.language}></cp-fever-banner>` : null}
      <main @signed-out=${() => (this.user = null)}>${current.render(this.language)}</main>
    `;
  }
}
customElements.define('cp-console-app', CpConsoleApp);
