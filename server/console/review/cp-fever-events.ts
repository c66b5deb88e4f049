import { css, html } from 'lit';
import { FeverFollowUpInput, FeverOutcome, type FeverEventView, type FeverStatus } from '../../../protocol/review-queries.ts';
import { revealInvisible } from '../../../protocol/visible-text.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formatTime, readingList, tableStyles } from './entry-table.ts';
import { pageLink } from '../shared/hash-params.ts';
import { label, MESSAGES } from '../i18n/messages.ts';
import { fetchFevers, postFollowUp } from '../api/review-api.ts';
import { REVIEW_MESSAGES, reviewLabel, type ReviewMessages } from '../i18n/review-messages.ts';
import { ConsolePage } from '../shared/console-page.ts';

const PAGE_SIZE = 30;
const STEP_KINDS = ['recheck', 'axillary', 'referred', 'escorted', 'outcome', 'closed'] as const;

function describeStep(step: FeverFollowUpInput, r: ReviewMessages): string {
  switch (step.kind) {
    case 'recheck':
    case 'axillary':
      return `${step.valueC.toFixed(1)} °C`;
    case 'referred':
      return step.clinic;
    case 'escorted':
      return step.by;
    case 'outcome':
      return `${reviewLabel.outcome(r, step.outcome)}${step.note ? ` · ${step.note}` : ''}`;
    case 'closed':
      return step.note ?? '';
  }
}

/** Fever events, open first by default, each with its follow-up history and a form for the next step. */
export class CpFeverEvents extends ConsolePage {
  static override properties = {
    ...ConsolePage.properties,
    busy: { state: true },
    events: { state: true },
    status: { state: true },
    reachedEnd: { state: true },
    stepKinds: { state: true },
    saving: { state: true },
  };
  declare events: FeverEventView[];
  declare status: FeverStatus | '';
  declare reachedEnd: boolean;
  /** The step kind chosen in each event's form, by event id. */
  declare stepKinds: Record<string, FeverFollowUpInput['kind']>;
  declare saving: string | null;
  declare busy: boolean;

  static override styles = [
    consoleStyles,
    tableStyles,
    css`
      article {
        background: #fff;
        border: 2px solid #777;
        border-left: 8px solid #a30000;
        margin: 12px 0;
        padding: 10px 14px;
      }
      article.closed {
        border-left-color: #0b5d1e;
      }
      .title {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 16px;
        align-items: baseline;
        font-size: 17px;
      }
      .status {
        font-weight: 700;
      }
      .abandoned {
        padding: 0 6px;
        border: 2px dashed #a30000;
        border-radius: 3px;
        font-weight: 700;
      }
      ol {
        margin: 8px 0;
        padding-left: 22px;
      }
      article form {
        margin: 8px 0 0;
      }
    `,
  ];

  constructor() {
    super();
    this.events = [];
    this.status = 'open';
    this.reachedEnd = false;
    this.stepKinds = {};
    this.saving = null;
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load(false);
  }

  async #load(older: boolean): Promise<void> {
    this.busy = true;
    const before = older ? this.events.at(-1)?.id : undefined;
    const result = await fetchFevers({
      limit: PAGE_SIZE,
      ...(this.status ? { status: this.status } : {}),
      ...(before ? { before } : {}),
    });
    this.busy = false;
    if (!this.accept(result)) return;
    this.notice = null;
    this.events = older ? [...this.events, ...result.value.events] : result.value.events;
    this.reachedEnd = result.value.events.length < PAGE_SIZE;
  }

  #setStatus(event: Event): void {
    this.status = (event.target as HTMLSelectElement).value as FeverStatus | '';
    void this.#load(false);
  }

  async #submit(feverEvent: FeverEventView, event: SubmitEvent): Promise<void> {
    event.preventDefault();
    // Captured now: once dispatch ends, a shadow-DOM event's target reads null.
    const form = event.target as HTMLFormElement;
    const data = Object.fromEntries(new FormData(form));
    const kind = this.stepKinds[feverEvent.id] ?? 'recheck';
    const raw = {
      kind,
      valueC: data['valueC'] === undefined ? undefined : Number(data['valueC']),
      source: 'infrared',
      clinic: data['clinic'],
      by: data['by'],
      outcome: data['outcome'],
      note: data['note'] ? String(data['note']) : null,
    };
    const step = FeverFollowUpInput.safeParse(raw);
    if (!step.success) {
      this.notice = { ok: false, text: step.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
      return;
    }
    this.saving = feverEvent.id;
    const result = await postFollowUp(feverEvent.id, step.data);
    this.saving = null;
    if (!this.accept(result)) return;
    this.notice = null;
    form.reset();
    this.events = this.events.map((e) => (e.id === result.value.id ? result.value : e));
  }

  #stepFields(kind: FeverFollowUpInput['kind'], r: ReviewMessages) {
    switch (kind) {
      case 'recheck':
      case 'axillary':
        return html`<label>${r.valueC}<input name="valueC" type="number" step="0.1" min="30" max="45" required /></label>`;
      case 'referred':
        return html`<label>${r.clinic}<input name="clinic" required /></label>`;
      case 'escorted':
        return html`<label>${r.escortedBy}<input name="by" required /></label>`;
      case 'outcome':
        return html`<label
            >${r.step_outcome}<select name="outcome">
              ${FeverOutcome.options.map((o) => html`<option value=${o}>${reviewLabel.outcome(r, o)}</option>`)}
            </select></label
          >
          <label>${r.note}<input name="note" /></label>`;
      case 'closed':
        return html`<label>${r.note}<input name="note" /></label>`;
    }
  }

  #event(e: FeverEventView) {
    const m = MESSAGES[this.language];
    const r = REVIEW_MESSAGES[this.language];
    const kind = this.stepKinds[e.id] ?? 'recheck';
    return html`
      <article class=${e.status} aria-label=${revealInvisible(e.personName ?? e.id)}>
        <div class="title">
          <span class="status">${e.status === 'open' ? r.statusOpen : r.statusClosed}</span>
          <span class="num">${formatTime(e.occurredAt, this.language, { gateId: e.gateId })}</span>
          <span>${e.gateName}</span>
          <strong
            >${e.personId ? html`<a href=${pageLink('timeline', { person: e.personId })}>${revealInvisible(e.personName ?? e.personId)}</a>` : e.personName ? revealInvisible(e.personName) : '—'}</strong
          >
          <span class="muted">${label.category(m, e.category)} · ${e.idMasked ?? '—'}</span>
          ${e.reading ? html`<span class="hot">${e.reading.valueC.toFixed(1)} °C · ${label.source(m, e.reading.source)}</span>` : null}
          ${e.readings.length > 1 ? readingList(e.readings, this.language, e.gateId) : null}
          ${e.abandonReason ? html`<span class="abandoned" data-test="abandoned">${label.decision(m, 'abandoned', e.abandonReason)}</span>` : null}
          <a href=${pageLink('contacts', { entry: e.entryId })}>${r.contacts}</a>
        </div>
        ${
          e.followUps.length > 0
            ? html`<ol>
                ${e.followUps.map((f) => html`<li><span class="num">${formatTime(f.at, this.language, { gateId: e.gateId })}</span> · <strong>${reviewLabel.step(r, f.step.kind)}</strong> ${describeStep(f.step, r)} <span class="muted">· ${f.by ?? '—'}</span></li>`)}
              </ol>`
            : null
        }
        ${
          e.status === 'open'
            ? html`<form @submit=${(event: SubmitEvent) => this.#submit(e, event)} aria-label=${r.addStep}>
                <label
                  >${r.addStep}<select
                    @change=${(event: Event) => (this.stepKinds = { ...this.stepKinds, [e.id]: (event.target as HTMLSelectElement).value as FeverFollowUpInput['kind'] })}
                  >
                    ${STEP_KINDS.map((k) => html`<option value=${k} ?selected=${k === kind}>${reviewLabel.step(r, k)}</option>`)}
                  </select></label
                >
                ${this.#stepFields(kind, r)}
                <button class="primary" type="submit" ?disabled=${this.saving === e.id}>
                  ${this.saving === e.id ? r.saving : r.save}
                </button>
              </form>`
            : null
        }
      </article>
    `;
  }

  override render() {
    const r = REVIEW_MESSAGES[this.language];
    return html`
      <h2>${r.fevers}</h2>
      <div class="bar">
        <label
          >${r.filters}<select @change=${this.#setStatus}>
            <option value="open" ?selected=${this.status === 'open'}>${r.statusOpen}</option>
            <option value="closed" ?selected=${this.status === 'closed'}>${r.statusClosed}</option>
            <option value="" ?selected=${this.status === ''}>${r.allEvents}</option>
          </select></label
        >
      </div>
      ${this.renderNotice()}
      ${this.events.length === 0 ? html`<p class="empty">${this.busy ? r.loading : r.noFevers}</p>` : this.events.map((e) => this.#event(e))}
      ${this.events.length > 0 && !this.reachedEnd ? html`<p><button @click=${() => this.#load(true)} ?disabled=${this.busy}>${r.loadOlder}</button></p>` : null}
    `;
  }
}
customElements.define('cp-fever-events', CpFeverEvents);
