import { css, html, LitElement } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { SessionUser } from '../../../protocol/review.ts';
import { fetchSession, signOut } from '../api/console-api.ts';
import { orgApi } from '../api/org-api.ts';
import { fetchGates } from '../api/review-api.ts';
import { setCommunityTimeZone, setCompoundClocks } from '../shared/community-time.ts';
import { chooseWorking, compoundsUnder, depthOf, levelName, orgTree, setOrgTree, workingNode } from '../shared/org-context.ts';
import { ORG_MESSAGES } from '../i18n/org-messages.ts';
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
    working: { state: true },
  };
  declare language: Language;
  declare user: SessionUser | null;
  declare checking: boolean;
  declare route: string;
  /** The node or compound the pages work on; a change re-creates the page so it loads that part. */
  declare working: string;

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
      header label {
        display: flex;
        align-items: center;
        gap: 6px;
        white-space: nowrap;
      }
      header select {
        max-width: 240px;
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
    this.working = '';
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
      if (result.ok) await this.#loadOrganisation();
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

  /** The user's part of the tree and where they last worked, before the first page renders. */
  async #loadOrganisation(): Promise<void> {
    const tree = await orgApi.tree();
    setOrgTree(tree.ok ? tree.value : null, localStorage);
    await this.#loadClocks();
  }

  /**
   * Pages show each compound's days and hours on its own clock: a row on the clock of its gate's
   * compound, the page's dates on the working compound's (or the first below the working node).
   */
  async #loadClocks(): Promise<void> {
    const node = workingNode();
    const compounds = (node ? compoundsUnder(node.id) : []).flatMap((c) =>
      c.timeZone ? [{ id: c.id, timeZone: c.timeZone }] : [],
    );
    if (compounds[0]) setCommunityTimeZone(compounds[0].timeZone);
    const gates = await fetchGates();
    setCompoundClocks(compounds, gates.ok ? gates.value.gates : []);
    this.working = node?.id ?? '';
  }

  async #chooseWorking(id: string): Promise<void> {
    if (chooseWorking(id, localStorage)) await this.#loadClocks();
  }

  async #signedIn(user: SessionUser): Promise<void> {
    await this.#loadOrganisation();
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
        ${this.user ? this.#renderWorkingChoice() : null}
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

  /** Where to work, for a user whose part of the tree holds more than one compound. */
  #renderWorkingChoice() {
    const tree = orgTree();
    if (!tree || tree.nodes.filter((n) => n.level === 'compound').length < 2) return null;
    const o = ORG_MESSAGES[this.language];
    return html`<label
      >${o.workingOn}
      <select @change=${(event: Event) => void this.#chooseWorking((event.target as HTMLSelectElement).value)}>
        ${tree.nodes.map(
          (node) =>
            html`<option value=${node.id} ?selected=${node.id === this.working}>
              ${'\u00a0\u00a0'.repeat(depthOf(node))}${levelName(node.level, this.language)} · ${node.name}
            </option>`,
        )}
      </select></label
    >`;
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
      <main
        @signed-out=${() => (this.user = null)}
        @org-changed=${() => void this.#loadOrganisation().then(() => this.requestUpdate())}
        @choose-working=${(event: CustomEvent<string>) => void this.#chooseWorking(event.detail)}
      >
        ${keyed(this.working, current.render(this.language))}
      </main>
    `;
  }
}
customElements.define('cp-console-app', CpConsoleApp);
