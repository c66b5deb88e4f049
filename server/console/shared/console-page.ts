import { Task, TaskStatus } from '@lit/task';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { ApiResult, CallFailure as Failure } from '../api/console-api.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { apiErrorText } from '../i18n/problem-messages.ts';
import type { Language } from '../i18n/language.ts';

/** A failed call carried through a Task's error state. */
export class ApiFailure extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failure.error.message);
    this.failure = failure;
  }
}

/** What the page says after an action: saved, or why not. */
export interface Notice {
  ok: boolean;
  text: string;
}

/**
 * What every console page shares: its language, one way to load data (a Task per data set, its
 * failure shown in words), one notice line for actions, and the hand-back to sign-in when the
 * session has lapsed (a 401 from any call).
 */
export class ConsolePage extends LitElement {
  static override properties = { language: {}, notice: { state: true } };
  declare language: Language;
  declare notice: Notice | null;

  constructor() {
    super();
    this.language = 'zh-CN';
    this.notice = null;
  }

  /** A lapsed session (401) hands the console back to sign-in. */
  #noticeFailure(failure: Failure): void {
    if (failure.status === 401) this.dispatchEvent(new CustomEvent('signed-out', { bubbles: true, composed: true }));
  }

  /** Words for a failed call. */
  protected failureText(failure: Failure): string {
    const m = MESSAGES[this.language];
    if (failure.status === 403) return m.forbidden;
    if (failure.status === 0) return m.networkError;
    return apiErrorText(this.language, failure.error.error) ?? `${m.loadFailed}${failure.error.message}`;
  }

  /** True when an action's answer is usable; otherwise the notice says why. */
  protected accept<T>(result: ApiResult<T>): result is { ok: true; value: T } {
    if (result.ok) return true;
    this.#noticeFailure(result);
    this.notice = { ok: false, text: this.failureText(result) };
    return false;
  }

  protected done(text: string): void {
    this.notice = { ok: true, text };
  }

  /**
   * A data set the page shows: run when the page connects and whenever `args` change, again on
   * `run()` after an action. A failed call becomes the task's error, shown by `renderLoaded`.
   */
  protected loader<const A extends readonly unknown[], T>(
    args: () => A,
    fetch: (args: A, signal: AbortSignal) => Promise<ApiResult<T>>,
  ): Task<A, T> {
    return new Task<A, T>(this, {
      args,
      task: async (values, { signal }) => {
        const result = await fetch(values, signal);
        if (!result.ok) {
          this.#noticeFailure(result);
          throw new ApiFailure(result);
        }
        return result.value;
      },
    });
  }

  /**
   * The loaded data through `complete`; while a first load runs, "loading"; on failure, why. A
   * reload keeps the rows on screen until the new ones arrive.
   */
  protected renderLoaded<T>(task: Task<readonly unknown[], T>, complete: (value: T) => unknown): unknown {
    const m = MESSAGES[this.language];
    if (task.status === TaskStatus.ERROR) {
      const error = task.error;
      const text = error instanceof ApiFailure ? this.failureText(error.failure) : String(error);
      return html`<p class="error" role="alert">${text}</p>
        ${task.value === undefined ? nothing : complete(task.value)}`;
    }
    if (task.value !== undefined) return complete(task.value);
    return html`<p>${m.loading}</p>`;
  }

  /** The notice line; a polite live region, so a screen reader hears "saved" too. */
  protected renderNotice(): TemplateResult {
    return html`<div class="status" role="status">
      ${this.notice ? html`<span class=${this.notice.ok ? 'ok' : 'bad'}>${this.notice.text}</span>` : null}
    </div>`;
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
