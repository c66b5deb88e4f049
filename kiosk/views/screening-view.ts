import { html, nothing, type TemplateResult } from 'lit';
import type { MaskCheck, Reading, ReadingSource, RosterSnapshot, ThermalFrame, WatchKind } from '../../protocol/index.ts';
import { revealInvisible } from '../../protocol/visible-text.ts';
import { decisionControls, tapReasons, type ControlState } from '../decision-controls.ts';
import {
  FEVER_RULE_DEFAULTS,
  type AxillaryMandatoryReason,
  type FeverVerdict,
  type UnreliableReason,
} from '../fever-rule/fever-rule.ts';
import { format, type Locale, type MessageKey, type Messages } from '../messages.ts';
import { ruleConfig, type Assessment, type PersonScreening } from '../screening.ts';
import type { ActiveVehicle } from '../screening-flow.ts';
import { EXIT_BLOCKING, type WatchStatus } from '../watch-status.ts';
import { renderThermalFrame } from './thermal-frame-view.ts';

const BASELINE_MIN_SAMPLES = FEVER_RULE_DEFAULTS.baselineMinSamples;

export interface ScreeningActions {
  update: (change: Partial<PersonScreening>) => void;
  addReading: (valueC: number, source: Exclude<ReadingSource, 'infrared'>) => void;
  decide: (decision: 'admitted' | 'denied' | 'referred') => void;
  abandon: () => void;
  setOverrideReason: (reason: string) => void;
  startVehicle: (plate: string) => void;
  endVehicle: () => void;
}

export interface ScreeningProps {
  t: Messages;
  locale: Locale;
  now: number;
  roster: RosterSnapshot | undefined;
  person: PersonScreening | null;
  assessment: Assessment | null;
  queue: readonly PersonScreening[];
  overrideReason: string;
  vehicle: ActiveVehicle | null;
  saving: boolean;
  actions: ScreeningActions;
  /** The thermal array's picture of the person on screen, when a thermal array read them. */
  thermalFrame?: ThermalFrame | null;
}

const SHOWN_ABOVE: ReadonlySet<MessageKey> = new Set(['tap_watch', 'tap_exit_blocked', 'tap_not_on_roster']);

const watchKey = (kind: WatchKind): MessageKey => `watch_${kind.replaceAll('-', '_')}` as MessageKey;
const becauseKey = (reason: AxillaryMandatoryReason): MessageKey => `because_${reason.replaceAll('-', '_')}` as MessageKey;
const unreliableKey = (reason: UnreliableReason): MessageKey => `unreliable_${reason.replaceAll('-', '_')}` as MessageKey;

/**
 * The one screen a guard works from: who (with the checks), temperature, then the queue and the
 * vehicle, and the decision bar — always the same three buttons in the same place, each saying
 * why when it is off.
 */
export function renderScreening(props: ScreeningProps): TemplateResult {
  const { t, person, assessment } = props;
  const current = person && assessment ? { person, assessment } : null;
  return html`<div class="screening">
    <div class="cards">
      <section class="card person-card ${assessment?.exitBlocked ? 'alarm' : ''}" aria-label=${t.person} data-test="person">
        ${current ? renderPerson(props, current.person, current.assessment) : html`<p class="waiting">${t.waitingScan}</p>`}
      </section>
      <section
        class="card temp-card ${assessment?.fever.verdict === 'fever' ? 'fever' : ''}"
        aria-label=${t.temperature}
        aria-live="polite"
        data-test="temperature"
      >
        ${current ? renderTemperature(props, current.person, current.assessment.fever) : html`<p class="waiting">${t.noReading}</p>`}
      </section>
      ${current ? renderChecks(props, current.person) : nothing}
    </div>
    ${renderDecisions(props, current)}
  </div>`;
}

function renderPerson(props: ScreeningProps, person: PersonScreening, assessment: Assessment): TemplateResult {
  const { t } = props;
  const { identity, scan } = person;
  // Watch lists, a blocked exit and an unknown person are already in red above: the line says the rest.
  const allReasons = tapReasons(person, assessment);
  const reasons = allReasons.filter((key) => !SHOWN_ABOVE.has(key));
  return html`
    <p class="name" data-test="person-name">${identity.name ? revealInvisible(identity.name) : t[identity.category]}</p>
    <p class="detail">
      <span class="direction ${person.direction}">${t[person.direction]}</span>
      ${identity.name ? t[identity.category] : nothing}${person.visitor?.passCode ? html` · ${t.visitorPass}` : nothing}
      ${identity.room ? html` · ${person.visitor ? t.visiting : t.room}${t.colon}${identity.room}` : nothing}
      ${identity.idMasked ? html` · ${identity.idMasked}` : nothing}
    </p>
    ${
      identity.problem
        ? html`<p class="problem" data-test="person-problem">
            ${t[identity.problem]}${identity.problemDetail ? html`${t.colon}${t[identity.problemDetail]}` : nothing}
          </p>`
        : nothing
    }
    ${scan?.kind === 'unknown' ? html`<p class="detail" data-test="scanned-text">${t.scannedText}${t.colon}<bdi>${revealInvisible(scan.text)}</bdi></p>` : nothing}
    ${scan?.kind === 'visitor-code' && !person.visitor ? html`<p class="detail">${scan.code}</p>` : nothing}
    ${assessment.watch.map((status) => renderWatch(props, status))} ${assessment.exitBlocked ? renderExitBlock(props) : nothing}
    ${
      reasons.length > 0
        ? html`<p class="tap needed" data-test="tap-reasons">
            ${t.needsTap}${t.colon}${reasons.map((key) => t[key]).join(' · ')}
          </p>`
        : allReasons.length === 0 && person.readings.length === 0
          ? html`<p class="tap" data-test="tap-reasons">${t.autoReady}</p>`
          : nothing
    }
  `;
}

function renderWatch(props: ScreeningProps, status: WatchStatus): TemplateResult {
  const { t } = props;
  const { entry } = status;
  const day = status.of === null ? format(t.dayOf, { n: status.day }) : format(t.dayOfTotal, { n: status.day, t: status.of });
  return html`<p class="watch-flag ${EXIT_BLOCKING.has(entry.kind) ? 'blocking' : ''}" data-test="watch-${entry.kind}">
    <strong>${t[watchKey(entry.kind)]}</strong> · ${day} ${entry.endDate ? html` · ${t.until} ${entry.endDate}` : nothing}
    ${entry.origin ? html` · ${t.from} ${entry.origin}` : nothing}
    ${entry.arrivalDate ? html` · ${t.arrived} ${entry.arrivalDate}` : nothing}
  </p>`;
}

/** Going out is blocked: the reason the guard types here is what the bar's "let out" records. */
function renderExitBlock(props: ScreeningProps): TemplateResult {
  const { t, actions } = props;
  return html`<div class="exit-block" role="alert" data-test="exit-blocked">
    <label
      ><span><strong>${t.exitBlocked}</strong> ${t.exitBlockedHelp}</span>
      <input
        name="reason"
        maxlength="200"
        placeholder=${t.overrideReason}
        .value=${props.overrideReason}
        @input=${(e: Event) => actions.setOverrideReason((e.target as HTMLInputElement).value)}
    /></label>
  </div>`;
}

function renderTemperature(props: ScreeningProps, person: PersonScreening, fever: FeverVerdict): TemplateResult {
  const { t, now } = props;
  const screening = person.readings.filter((r) => r.source !== 'axillary');
  const latest = screening.at(-1);
  const axillary = person.readings.filter((r) => r.source === 'axillary').at(-1);
  const shown = axillary ?? latest;
  const hot = fever.verdict === 'fever' || (fever.flaggedBy !== null && fever.verdict !== 'normal');
  const waitS = person.remeasureAfter === null ? 0 : Math.ceil((person.remeasureAfter - now) / 1000);
  // Before the first reading there is nothing to call unreliable: no ambient is not yet news.
  const unreliable = shown && fever.reliability.level === 'unreliable' ? fever.reliability.because : [];
  const verdictClass = fever.verdict === 'normal' && unreliable.length > 0 ? 'uncertain' : fever.verdict;
  return html`
    <div class="temp-head">
      ${
        shown
          ? html`<p
              class="temp ${hot ? 'fever' : ''} ${verdictClass === 'uncertain' ? 'uncertain' : ''}"
              data-test="temperature-value"
            >
              ${shown.valueC.toFixed(1)}°C
            </p>`
          : nothing
      }
      <p class="verdict ${verdictClass}" data-test="verdict" data-verdict=${fever.verdict}>
        ${verdictClass === 'uncertain' ? t.normalUnreliable : verdictText(t, fever, waitS)}
      </p>
      ${props.thermalFrame && latest ? renderThermalFrame(t, props.thermalFrame) : nothing}
    </div>
    ${fever.verdict === 'fever' ? html`<p class="steps" data-test="fever-steps">${t.feverSteps}</p>` : nothing}
    ${
      fever.verdict === 'axillary-needed' && fever.axillaryMandatory
        ? html`<p class="problem small">
            ${t.axillaryMandatory}${t.colon}${fever.axillaryMandatoryBecause.map((b) => t[becauseKey(b)]).join('；')}
          </p>`
        : nothing
    }
    ${
      unreliable.length > 0
        ? html`<p class="warning" data-test="unreliable">${unreliable.map((b) => t[unreliableKey(b)]).join(' · ')}</p>`
        : nothing
    }
    ${
      axillary
        ? nothing
        : html` <p
              class="detail small ${fever.baseline.kind === 'none' && fever.baseline.why === 'air-changed' ? 'warning' : ''}"
              data-test="baseline"
              data-baseline=${fever.flagAtFrom}
            >
              ${baselineText(t, fever, latest?.ambientC ?? null)}
              ${fever.flagAtFrom === 'cold-start' ? nothing : ` · ${t.flagAt} ${fever.flagAtC.toFixed(1)}°C`}
              ${latest?.ambientC != null ? html` · ${t.ambient} ${latest.ambientC.toFixed(1)}°C` : nothing}
            </p>
            ${fever.goalCost ? html`<p class="detail small" data-test="goal-cost">${goalText(t, props, fever.goalCost)}</p>` : nothing}`
    }
    ${fever.flagAtFrom === 'cold-start' ? html`<p class="detail small" data-test="cold-start">${format(t.coldStartLine, { v: fever.flagAtC.toFixed(1) })}</p>` : nothing}
    ${person.readings.length > 1 ? html`<p class="detail small">${t.readings}${t.colon}${person.readings.map((r) => readingLabel(t, r)).join(' → ')}</p>` : nothing}
    ${renderReadingEntry(props, fever)}
  `;
}

/** The community's goal and what it costs at this gate now, so the guard knows why armpit checks come. */
function goalText(t: Messages, props: ScreeningProps, cost: NonNullable<FeverVerdict['goalCost']>): string {
  const goal = ruleConfig(props.roster).goal ?? FEVER_RULE_DEFAULTS.goal!;
  return format(t.goalCost, {
    share: Math.round(goal.findShare * 100),
    fever: goal.feverC.toFixed(1),
    n: cost.armpitChecksPer100.toFixed(0),
  });
}

/** What the flag point stands on: today's baseline, yesterday's, or one being built (and why). */
function baselineText(t: Messages, fever: FeverVerdict, ambientC: number | null): string {
  const { baseline } = fever;
  const min = BASELINE_MIN_SAMPLES;
  if (baseline.kind === 'in-force' && baseline.from === 'yesterday')
    return format(t.baselineYesterday, { v: baseline.valueC.toFixed(1), n: baseline.todaySamples, min });
  if (baseline.kind === 'in-force') return `${t.baseline} ${baseline.valueC.toFixed(1)}°C（${baseline.samples} ${t.people}）`;
  if (baseline.why === 'air-changed' && baseline.earlierAmbientC !== null && ambientC !== null)
    return format(t.baselineAirChanged, {
      from: baseline.earlierAmbientC.toFixed(0),
      to: ambientC.toFixed(0),
      n: baseline.samples,
      min,
    });
  return `${t.baselineNone}（${baseline.samples}/${min}）`;
}

function verdictText(t: Messages, fever: FeverVerdict, waitS: number): string {
  switch (fever.verdict) {
    case 'normal':
      return t.nextNormal;
    case 'fever':
      return t.nextFever;
    case 'axillary-needed':
      return t.nextAxillary;
    case 're-measure':
      if (fever.reason === 'no-reading') return t.nextMeasure;
      return waitS > 0 ? `${t.nextRemeasure} · ${waitS} ${t.remeasureIn}` : t.remeasureNow;
  }
}

function readingLabel(t: Messages, reading: Reading): string {
  return `${reading.valueC.toFixed(1)}°C ${t[`source_${reading.source}`]}`;
}

function renderReadingEntry(props: ScreeningProps, fever: FeverVerdict): TemplateResult {
  const { t, actions } = props;
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const submitter = (event.submitter as HTMLButtonElement | null)?.value === 'axillary' ? 'axillary' : 'manual';
    const input = form.elements.namedItem('valueC') as HTMLInputElement;
    const value = Number(input.value);
    if (!Number.isFinite(value) || value < 30 || value > 45) {
      input.setCustomValidity('30–45 °C');
      input.reportValidity();
      return;
    }
    input.setCustomValidity('');
    actions.addReading(Math.round(value * 10) / 10, submitter);
    form.reset();
  };
  const axillaryFirst = fever.verdict === 'axillary-needed';
  return html`<form class="reading-entry" @submit=${submit}>
    <input
      name="valueC"
      type="number"
      step="0.1"
      min="30"
      max="45"
      inputmode="decimal"
      required
      aria-label=${axillaryFirst ? t.axillaryReading : t.manualReading}
      placeholder="°C"
      data-test="reading-input"
    />
    <button type="submit" value="axillary" class=${axillaryFirst ? 'primary' : ''} data-test="record-axillary">
      ${t.recordAxillary}
    </button>
    <button type="submit" value="manual" data-test="record-manual">${t.recordManual}</button>
  </form>`;
}

function renderChecks(props: ScreeningProps, person: PersonScreening): TemplateResult {
  const { t, roster, actions } = props;
  const questions = roster?.questionSet?.questions ?? [];
  return html`<section class="card checks-card" aria-label=${t.questions} data-test="checks">
    <div class="check mask">
      <span id="mask-label">${t.mask}</span>
      ${segmented<MaskCheck>(
        [
          ['worn', t.maskWorn],
          ['not-worn', t.maskNotWorn],
          ['given', t.maskGiven],
        ],
        person.mask,
        (mask) => actions.update({ mask }),
        'mask',
        'mask-label',
      )}
    </div>
    ${questions.map((q) => {
      const answer = person.answers[q.id] ?? !q.riskAnswer;
      return html`<div class="check question ${answer === q.riskAnswer ? 'risk' : ''}" data-test="question-${q.id}">
        <span id="q-${q.id}">${q.text[props.locale]}</span>
        <button
          type="button"
          class="answer"
          role="switch"
          aria-checked=${answer ? 'true' : 'false'}
          aria-labelledby="q-${q.id}"
          data-test="answer-${q.id}"
          @click=${() => actions.update({ answers: { ...person.answers, [q.id]: !answer } })}
        >
          ${answer ? t.yes : t.no}
        </button>
      </div>`;
    })}
  </section>`;
}

/** The right of the message line while screening: who waits, and the vehicle being screened. */
export function renderScreeningLine(props: ScreeningProps): TemplateResult {
  return html`${renderQueue(props)} ${renderVehicle(props)}`;
}

function renderQueue(props: ScreeningProps): TemplateResult | typeof nothing {
  const { t, queue } = props;
  if (queue.length === 0) return nothing;
  return html`<p class="queue" role="status" data-test="queue">
    <strong>${t.waitingQueue} ${queue.length}</strong
    >${t.colon}${queue.map((p) => p.identity.name ?? t[p.identity.category]).join(' · ')}
  </p>`;
}

function renderVehicle(props: ScreeningProps): TemplateResult {
  const { t, vehicle, actions } = props;
  if (vehicle) {
    return html`<div class="vehicle" data-test="vehicle">
      <strong>${t.vehicle} ${vehicle.plate}</strong>
      <span>${vehicle.screened === 0 ? t.driver : t.passenger} · ${t.occupants} ${vehicle.screened}</span>
      <button type="button" @click=${actions.endVehicle}>${t.endVehicle}</button>
    </div>`;
  }
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const plate = String(new FormData(event.target as HTMLFormElement).get('plate') ?? '').trim();
    if (plate) actions.startVehicle(plate);
  };
  return html`<form class="vehicle" @submit=${submit}>
    <input name="plate" maxlength="10" placeholder=${t.plate} aria-label=${t.plate} />
    <button type="submit">${t.startVehicle}</button>
  </form>`;
}

/** Admit (or let out with the reason), deny, refer: fixed places; a control that is off says why on itself. */
function renderDecisions(
  props: ScreeningProps,
  current: { person: PersonScreening; assessment: Assessment } | null,
): TemplateResult {
  const { t, actions } = props;
  const controls = decisionControls(current, props.saving, props.overrideReason);
  const button = (
    slot: string,
    kind: 'admitted' | 'denied' | 'referred',
    cls: string,
    label: string,
    state: ControlState,
    test: string,
  ): TemplateResult =>
    html`<button
      type="button"
      class="decision ${cls}"
      data-slot=${slot}
      data-test=${test}
      aria-disabled=${state.enabled ? 'false' : 'true'}
      ?disabled=${!state.enabled}
      @click=${() => actions.decide(kind)}
    >
      <span class="label">${label}</span>
      ${state.enabled ? nothing : html`<span class="why" data-test="why-${test}">${t[state.why]}</span>`}
    </button>`;
  return html`<div class="decisions" role="group" aria-label=${t.decision}>
    ${
      controls.admit.override
        ? button('1', 'admitted', 'admit override', t.overrideAdmit, controls.admit, 'override')
        : button('1', 'admitted', 'admit', t.admit, controls.admit, 'admit')
    }
    ${button('2', 'denied', 'deny', t.deny, controls.deny, 'deny')}
    ${button('3', 'referred', 'refer', t.refer, controls.refer, 'refer')}
    ${
      current
        ? html`<button
            type="button"
            class="decision abandon"
            data-slot="4"
            data-test="abandon"
            ?disabled=${!controls.abandon.enabled}
            @click=${actions.abandon}
          >
            <span class="label">${t.abandon}</span>
            ${controls.abandon.enabled ? nothing : html`<span class="why" data-test="why-abandon">${t[controls.abandon.why]}</span>`}
          </button>`
        : nothing
    }
  </div>`;
}

function segmented<T extends string>(
  options: [T, string][],
  value: T,
  set: (value: T) => void,
  name: string,
  labelledBy: string,
): TemplateResult {
  return html`<div class="segmented" role="group" aria-labelledby=${labelledBy} data-test="segmented-${name}">
    ${options.map(([key, label]) => html`<button type="button" data-value=${key} aria-pressed=${key === value ? 'true' : 'false'} @click=${() => set(key)}>${label}</button>`)}
  </div>`;
}
