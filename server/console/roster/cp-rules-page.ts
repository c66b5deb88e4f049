import { css, html } from 'lit';
import { ConsolePage } from '../shared/console-page.ts';
import type { Question, ScreeningRules } from '../../../protocol/roster.ts';
import { adminApi } from '../api/admin-api.ts';
import { formFields } from '../shared/form-fields.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { ROSTER_MESSAGES } from '../i18n/roster-messages.ts';

/** Community staff's screening rules (fever threshold, baseline offset, observation days) and question set. */
export class CpRulesPage extends ConsolePage {
  static override properties = {
    ...ConsolePage.properties,
    version: { state: true },
    questions: { state: true },
  };
  declare version: number | null;
  /** The draft being edited; published as a new version. */
  declare questions: Question[];

  static override styles = [
    consoleStyles,
    adminStyles,
    css`
      td input {
        width: 100%;
        box-sizing: border-box;
      }
    `,
  ];

  constructor() {
    super();
    this.version = null;
    this.questions = [];
  }

  get #m() {
    return ROSTER_MESSAGES[this.language];
  }

  readonly #rules = this.loader(
    () => [],
    () => adminApi.rules(),
  );
  /** The published set, copied into the draft once it arrives. */
  readonly #published = this.loader(
    () => [],
    async () => {
      const result = await adminApi.questions();
      if (result.ok) {
        this.version = result.value.current?.version ?? null;
        this.questions = result.value.current?.questions ?? [];
      }
      return result;
    },
  );

  async #saveRules(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const f = formFields(event.target as HTMLFormElement);
    const result = await adminApi.saveRules({
      feverThresholdC: Number(f.feverThresholdC),
      baselineOffsetC: Number(f.baselineOffsetC),
      homeObservationDays: Number(f.homeObservationDays),
    });
    if (!this.accept(result)) return;
    await this.#rules.run();
    this.done(this.#m.saved);
  }

  #edit(index: number, change: Partial<Question> | { zh: string } | { en: string }): void {
    this.questions = this.questions.map((q, i) => {
      if (i !== index) return q;
      if ('zh' in change) return { ...q, text: { ...q.text, 'zh-CN': change.zh } };
      if ('en' in change) return { ...q, text: { ...q.text, en: change.en } };
      return { ...q, ...change };
    });
  }

  async #publish(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const result = await adminApi.publishQuestions({ questions: this.questions });
    if (!this.accept(result)) return;
    this.version = result.value.version;
    this.questions = result.value.questions;
    this.done(`${this.#m.published} ${result.value.version}`);
  }

  override render() {
    const m = this.#m;
    return html`
      ${this.renderNotice()}
      <h2>${m.rulesTitle}</h2>
      ${this.renderLoaded(
        this.#rules,
        (r: ScreeningRules) =>
          html`<form class="inline" @submit=${this.#saveRules}>
            <label
              >${m.feverThreshold}<input
                name="feverThresholdC"
                type="number"
                step="0.1"
                min="36"
                max="39"
                required
                .value=${String(r.feverThresholdC)}
            /></label>
            <label
              >${m.baselineOffset}<input
                name="baselineOffsetC"
                type="number"
                step="0.1"
                min="0.2"
                max="3"
                required
                .value=${String(r.baselineOffsetC)}
            /></label>
            <label
              >${m.observationDays}<input
                name="homeObservationDays"
                type="number"
                step="1"
                min="1"
                max="60"
                required
                .value=${String(r.homeObservationDays)}
            /></label>
            <button class="primary" type="submit">${m.save}</button>
          </form>`,
      )}
      <h2>${m.questionsTitle} ${this.version === null ? '' : html`<span class="muted">(${m.version} ${this.version})</span>`}</h2>
      ${this.renderLoaded(this.#published, () => null)}
      <form @submit=${this.#publish}>
        ${this.questions.length === 0 ? html`<p class="muted">${m.noQuestions}</p>` : null}
        <table>
          <thead>
            <tr>
              <th>${m.questionId}</th>
              <th>${m.questionZh}</th>
              <th>${m.questionEn}</th>
              <th>${m.riskAnswer}</th>
              <th>${m.actions}</th>
            </tr>
          </thead>
          <tbody>
            ${this.questions.map(
              (q, i) =>
                html`<tr>
                  <td>
                    <input
                      aria-label="${m.questionId} ${i + 1}"
                      required
                      maxlength="64"
                      size="10"
                      .value=${q.id}
                      @input=${(e: Event) => this.#edit(i, { id: (e.target as HTMLInputElement).value })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label="${m.questionZh} ${i + 1}"
                      required
                      maxlength="300"
                      size="28"
                      .value=${q.text['zh-CN']}
                      @input=${(e: Event) => this.#edit(i, { zh: (e.target as HTMLInputElement).value })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label="${m.questionEn} ${i + 1}"
                      required
                      maxlength="300"
                      size="28"
                      .value=${q.text.en}
                      @input=${(e: Event) => this.#edit(i, { en: (e.target as HTMLInputElement).value })}
                    />
                  </td>
                  <td>
                    <select
                      aria-label="${m.riskAnswer} ${i + 1}"
                      @change=${(e: Event) => this.#edit(i, { riskAnswer: (e.target as HTMLSelectElement).value === 'yes' })}
                    >
                      <option value="yes" ?selected=${q.riskAnswer}>${m.yes}</option>
                      <option value="no" ?selected=${!q.riskAnswer}>${m.no}</option>
                    </select>
                  </td>
                  <td>
                    <button type="button" @click=${() => (this.questions = this.questions.filter((_, j) => j !== i))}>
                      ${m.remove}
                    </button>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        <p>
          <button
            type="button"
            @click=${() => (this.questions = [...this.questions, { id: `q${this.questions.length + 1}`, text: { 'zh-CN': '', en: '' }, riskAnswer: true }])}
          >
            ${m.addQuestion}
          </button>
          <button class="primary" type="submit" ?disabled=${this.questions.length === 0}>${m.publish}</button>
        </p>
      </form>
    `;
  }
}
customElements.define('cp-rules-page', CpRulesPage);
