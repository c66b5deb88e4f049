import { LitElement } from 'lit';
import type { ApiResult } from '../api/console-api.ts';
import { MESSAGES, type Language } from '../i18n/messages.ts';

/** What every review page shares: its language, a problem line, and the 401 hand-back to sign-in. */
export class ReviewPage extends LitElement {
  static override properties = { language: {}, problem: { state: true }, busy: { state: true } };
  declare language: Language;
  declare problem: string | null;
  declare busy: boolean;

  constructor() {
    super();
    this.language = 'zh-CN';
    this.problem = null;
    this.busy = false;
  }

  /** True when the answer is usable; otherwise shows why, or hands back to sign-in. */
  protected accept<T>(result: ApiResult<T>): result is { ok: true; value: T } {
    if (result.ok) {
      this.problem = null;
      return true;
    }
    const m = MESSAGES[this.language];
    if (result.status === 401) this.dispatchEvent(new CustomEvent('signed-out', { bubbles: true, composed: true }));
    this.problem =
      result.status === 403 ? m.forbidden : result.status === 0 ? m.networkError : `${m.loadFailed}${result.error.message}`;
    return false;
  }

  /** Re-reads the hash when a link on the page changes it (the shell keeps the same element). */
  #onHashChange = (): void => this.hashChanged();
  protected hashChanged(): void {}

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
  }
}
