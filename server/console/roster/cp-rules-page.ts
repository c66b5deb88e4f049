import { css, html } from 'lit';
import { ConsolePage } from '../shared/console-page.ts';
import type { FeverGoal } from '../../../protocol/fever-goal.ts';
import type { Question, ScreeningRules } from '../../../protocol/roster.ts';
import { goalCosts } from './fever-goal-cost.ts';
import { measuredAdvice } from './device-advice.ts';
import { adminApi } from '../api/admin-api.ts';
import { formFields } from '../shared/form-fields.ts';
import { fillTemplate } from '../shared/fill-template.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { ROSTER_MESSAGES } from '../i18n/roster-messages.ts';
import '../org/cp-settings-source.ts';

/**
 * Community staff's screening rules (fever threshold, the goal the screens work to and what it costs,
 * the ceiling above the baseline, observation days), which device to buy, and the question set.
 */
export class CpRulesPage extends ConsolePage {
  static override properties = {
    ...ConsolePage.properties,
    version: { state: true },
    questions: { state: true },
    goal: { state: true },
    ceilingC: { state: true },
  };
  declare version: number | null;
  /** The draft being edited; published as a new version. */
  declare questions: Question[];
  /** The goal and ceiling as edited, so their cost shows before they are saved. */
  declare goal: FeverGoal | null;
  declare ceilingC: number;

  static override styles = [
    consoleStyles,
    adminStyles,
    css`
      td input {
        width: 100%;
        box-sizing: border-box;
      }
      fieldset {
        border: 2px solid #1b3a5c;
        margin: 10px 0;
        padding: 8px 12px;
      }
      legend {
        font-weight: 700;
        font-size: 18px;
      }
      .goal-fields {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: end;
      }
      .goal-fields label {
        display: flex;
        flex-direction: column;
      }
      .goal-fields input,
      .goal-fields select {
        width: auto;
        min-width: 7em;
      }
      .goal-sentence {
        font-size: 18px;
        font-weight: 700;
        margin: 8px 0;
      }
      td.number {
        text-align: right;
        white-space: nowrap;
      }
      .advice {
        background: #fff;
        border-left: 6px solid #1b6b3a;
        padding: 6px 12px;
        max-width: 70em;
      }
    `,
  ];

  constructor() {
    super();
    this.version = null;
    this.questions = [];
    this.goal = null;
    this.ceilingC = 1;
  }

  get #m() {
    return ROSTER_MESSAGES[this.language];
  }

  readonly #rules = this.loader(
    () => [],
    async () => {
      const result = await adminApi.rules();
      if (result.ok) {
        this.goal = result.value.goal;
        this.ceilingC = result.value.baselineOffsetC;
      }
      return result;
    },
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
      goal: this.goal,
    });
    if (!this.accept(result)) return;
    await this.#rules.run();
    this.done(this.#m.saved);
  }

  #setGoal(change: Partial<FeverGoal> | 'margin' | 'goal'): void {
    if (change === 'margin') this.goal = null;
    else if (change === 'goal') this.goal = this.goal ?? { feverC: 37.7, findShare: 0.95 };
    else if (this.goal) this.goal = { ...this.goal, ...change };
  }

  #renderGoal() {
    const m = this.#m;
    const goal = this.goal;
    const fill = fillTemplate;
    const number = (e: Event): number => Number((e.target as HTMLInputElement).value);
    return html`<fieldset>
      <legend>${m.goalTitle}</legend>
      <div class="goal-fields">
        <label
          >${m.goalMode}
          <select
            name="goalMode"
            @change=${(e: Event) => this.#setGoal((e.target as HTMLSelectElement).value as 'goal' | 'margin')}
          >
            <option value="goal" ?selected=${goal !== null}>${m.goalModeGoal}</option>
            <option value="margin" ?selected=${goal === null}>${m.goalModeMargin}</option>
          </select></label
        >
        ${
          goal
            ? html`<label
                  >${m.goalShare}<input
                    name="goalShare"
                    type="number"
                    step="1"
                    min="50"
                    max="99"
                    required
                    .value=${String(Math.round(goal.findShare * 100))}
                    @input=${(e: Event) => number(e) >= 50 && number(e) <= 99 && this.#setGoal({ findShare: number(e) / 100 })}
                /></label>
                <label
                  >${m.goalFever}<input
                    name="goalFeverC"
                    type="number"
                    step="0.1"
                    min="36.8"
                    max="39"
                    required
                    .value=${String(goal.feverC)}
                    @input=${(e: Event) => number(e) >= 36.8 && number(e) <= 39 && this.#setGoal({ feverC: number(e) })}
                /></label>`
            : null
        }
      </div>
      <p class="goal-sentence" data-test="goal-sentence">
        ${
          goal
            ? fill(m.goalSentence, {
                share: String(Math.round(goal.findShare * 100)),
                fever: goal.feverC.toFixed(1),
                oral: (goal.feverC + 0.3).toFixed(1),
              })
            : fill(m.goalMarginSentence, { margin: this.ceilingC.toFixed(1) })
        }
      </p>
      <h3>${m.costTitle}</h3>
      <table data-test="goal-cost">
        <thead>
          <tr>
            <th>${m.costSite}</th>
            <th>${m.costMargin}</th>
            <th>${m.costFound}</th>
            <th>${m.costChecks}</th>
          </tr>
        </thead>
        <tbody>
          ${goalCosts(goal, this.ceilingC).map(
            (c) =>
              html`<tr>
                <td>${m[`site_${c.site.replaceAll('-', '_')}` as 'site_forehead']}</td>
                <td class="number">${c.marginC.toFixed(2)} °C ${c.capped ? m.costCapped : null}</td>
                <td class="number">${Math.round(c.found * 100)}%</td>
                <td class="number">${c.armpitChecksPer100.toFixed(1)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p class="muted">${m.costNote}</p>
    </fieldset>`;
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
      <cp-settings-source
        .language=${this.language}
        @followed=${() => void Promise.all([this.#rules.run(), this.#published.run()])}
      ></cp-settings-source>
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
                @input=${(e: Event) => {
                  const value = Number((e.target as HTMLInputElement).value);
                  if (value >= 0.2 && value <= 3) this.ceilingC = value;
                }}
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
            ${this.#renderGoal()}
            <button class="primary" type="submit">${m.save}</button>
          </form>`,
      )}
      <h2>${m.adviceTitle}</h2>
      <div class="advice" data-test="device-advice">
        <p><strong>${m.advice1}</strong></p>
        <p data-test="measured-advice">${measuredAdvice(m)}</p>
        <p>${m.advice3}</p>
        <p>${m.advice4}</p>
      </div>
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
