import { html, nothing, type TemplateResult } from 'lit';
import type { Decision, MaskCheck, Reading, ReadingSource, RosterSnapshot, WatchKind } from '../../protocol/index.ts';
import type { ActiveVehicle } from '../screening-flow.ts';
import {
  FEVER_RULE_DEFAULTS,
  type AxillaryMandatoryReason,
  type FeverVerdict,
  type UnreliableReason,
} from '../fever-rule/fever-rule.ts';
import { format, type Locale, type MessageKey, type Messages } from '../messages.ts';
import { ruleConfig, type Assessment, type PersonScreening } from '../screening.ts';
import { EXIT_BLOCKING, type WatchStatus } from '../watch-status.ts';

const BASELINE_MIN_SAMPLES = FEVER_RULE_DEFAULTS.baselineMinSamples;

export interface ScreeningActions {
  update: (change: Partial<PersonScreening>) => void;
  addReading: (valueC: number, source: Exclude<ReadingSource, 'infrared'>) => void;
  decide: (decision: Decision, reason: string | null) => void;
  cancel: () => void;
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
  vehicle: ActiveVehicle | null;
  saving: boolean;
  actions: ScreeningActions;
}

const watchKey = (kind: WatchKind): MessageKey => `watch_${kind.replaceAll('-', '_')}` as MessageKey;
const becauseKey = (reason: AxillaryMandatoryReason): MessageKey => `because_${reason.replaceAll('-', '_')}` as MessageKey;
const unreliableKey = (reason: UnreliableReason): MessageKey => `unreliable_${reason.replaceAll('-', '_')}` as MessageKey;

/** The one screen a guard works from: who, temperature, mask, questions, decision. */
export function renderScreening(props: ScreeningProps): TemplateResult {
  const { t, person, assessment } = props;
  return html`
    <main>
      <section class="card ${assessment?.exitBlocked ? 'alarm' : ''}" aria-live="polite" data-test="person">
        <h2>${t.person}</h2>
        ${person && assessment ? renderPerson(props, person, assessment) : html`<p class="waiting">${t.waitingScan}</p>`}
      </section>
      <section class="card ${assessment?.fever.verdict === 'fever' ? 'fever' : ''}" aria-live="polite" data-test="temperature">
        <h2>${t.temperature}</h2>
        ${person && assessment ? renderTemperature(props, person, assessment.fever) : html`<p class="waiting">${t.noReading}</p>`}
      </section>
    </main>
    ${person && assessment ? renderChecks(props, person) : nothing} ${renderVehicle(props)}
    ${person && assessment ? renderActions(props, person, assessment) : nothing}
  `;
}

function renderPerson(props: ScreeningProps, person: PersonScreening, assessment: Assessment): TemplateResult {
  const { t } = props;
  const { identity, scan } = person;
  return html`
    <p class="name" data-test="person-name">${identity.name ?? t[identity.category]}</p>
    <p class="detail">
      ${identity.name ? t[identity.category] : nothing} ${person.visitor?.passCode ? html` · ${t.visitorPass}` : nothing}
    </p>
    ${identity.room ? html`<p class="detail">${person.visitor ? t.visiting : t.room}${t.colon}${identity.room}</p>` : nothing}
    ${identity.idMasked ? html`<p class="detail">${identity.idMasked}</p>` : nothing}
    ${
      identity.problem
        ? html`<p class="problem" data-test="person-problem">
            ${t[identity.problem]}${identity.problemDetail ? html`${t.colon}${t[identity.problemDetail]}` : nothing}
          </p>`
        : nothing
    }
    ${scan?.kind === 'unknown' ? html`<p class="detail" data-test="scanned-text">${t.scannedText}${t.colon}<bdi>${scan.text}</bdi></p>` : nothing}
    ${scan?.kind === 'visitor-code' && !person.visitor ? html`<p class="detail">${scan.code}</p>` : nothing}
    <div class="watch">${assessment.watch.map((status) => renderWatch(props, status))}</div>
    ${assessment.exitBlocked ? renderExitBlock(props) : nothing}
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

function renderExitBlock(props: ScreeningProps): TemplateResult {
  const { t, actions } = props;
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const reason = String(new FormData(event.target as HTMLFormElement).get('reason') ?? '').trim();
    if (reason) actions.decide('admitted', reason);
  };
  return html`<form class="exit-block" role="alert" data-test="exit-blocked" @submit=${submit}>
    <strong>${t.exitBlocked}</strong>
    <label>${t.exitBlockedHelp}<input name="reason" required maxlength="200" placeholder=${t.overrideReason} /></label>
    <button type="submit" ?disabled=${props.saving}>${t.overrideAdmit}</button>
  </form>`;
}

function renderTemperature(props: ScreeningProps, person: PersonScreening, fever: FeverVerdict): TemplateResult {
  const { t, now } = props;
  const screening = person.readings.filter((r) => r.source !== 'axillary');
  const latest = screening.at(-1);
  const axillary = person.readings.filter((r) => r.source === 'axillary').at(-1);
  const shown = axillary ?? latest;
  const hot = fever.verdict === 'fever' || (fever.flaggedBy !== null && fever.verdict !== 'normal');
  const waitS = person.remeasureAfter === null ? 0 : Math.ceil((person.remeasureAfter - now) / 1000);
  return html`
    ${
      shown
        ? html`<p class="temp ${hot ? 'fever' : ''}" data-test="temperature-value">${shown.valueC.toFixed(1)}°C</p>`
        : html`<p class="waiting">${t.noReading}</p>`
    }
    <p class="verdict ${fever.verdict}" data-test="verdict" data-verdict=${fever.verdict}>${verdictText(t, fever, waitS)}</p>
    ${fever.verdict === 'fever' ? html`<p class="steps" data-test="fever-steps">${t.feverSteps}</p>` : nothing}
    ${
      fever.verdict === 'axillary-needed' && fever.axillaryMandatory
        ? html`<p class="problem">
            ${t.axillaryMandatory}${t.colon}${fever.axillaryMandatoryBecause.map((b) => t[becauseKey(b)]).join('；')}
          </p>`
        : nothing
    }
    ${
      fever.reliability.level === 'unreliable'
        ? html`<p class="warning" role="alert" data-test="unreliable">
            ${fever.reliability.because.map((b) => t[unreliableKey(b)]).join(' · ')}
          </p>`
        : nothing
    }
    <p
      class="detail ${fever.baseline.kind === 'none' && fever.baseline.why === 'air-changed' ? 'warning' : ''}"
      data-test="baseline"
      data-baseline=${fever.flagAtFrom}
    >
      ${baselineText(t, fever, latest?.ambientC ?? null)} · ${t.flagAt} ${fever.flagAtC.toFixed(1)}°C
      ${latest?.ambientC != null ? html` · ${t.ambient} ${latest.ambientC.toFixed(1)}°C` : nothing}
    </p>
    ${fever.goalCost ? html`<p class="detail" data-test="goal-cost">${goalText(t, props, fever.goalCost)}</p>` : nothing}
    ${fever.flagAtFrom === 'cold-start' ? html`<p class="detail" data-test="cold-start">${format(t.coldStartLine, { v: fever.flagAtC.toFixed(1) })}</p>` : nothing}
    ${person.readings.length > 1 ? html`<p class="detail">${t.readings}${t.colon}${person.readings.map((r) => readingLabel(t, r)).join(' → ')}</p>` : nothing}
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
  return html`<div class="choices">
      <span>${t.direction}</span>
      ${segmented(
        [
          ['in', t.in],
          ['out', t.out],
        ],
        person.direction,
        (direction) => actions.update({ direction }),
        'direction',
      )}
      <span>${t.mask}</span>
      ${segmented<MaskCheck>(
        [
          ['worn', t.maskWorn],
          ['not-worn', t.maskNotWorn],
          ['given', t.maskGiven],
        ],
        person.mask,
        (mask) => actions.update({ mask }),
        'mask',
      )}
      <button type="button" class="cancel" @click=${actions.cancel}>${t.cancel}</button>
    </div>
    ${
      questions.length === 0
        ? nothing
        : html`<div class="questions" role="group" aria-label=${t.questions}>
            ${questions.map((q) => {
              const answer = person.answers[q.id] ?? !q.riskAnswer;
              return html`<div class="question ${answer === q.riskAnswer ? 'risk' : ''}" data-test="question-${q.id}">
                <span>${q.text[props.locale]}</span>
                ${segmented<'yes' | 'no'>(
                  [
                    ['yes', t.yes],
                    ['no', t.no],
                  ],
                  answer ? 'yes' : 'no',
                  (v) => actions.update({ answers: { ...person.answers, [q.id]: v === 'yes' } }),
                  q.id,
                )}
              </div>`;
            })}
          </div>`
    }`;
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
    <label>${t.vehicle}<input name="plate" maxlength="10" placeholder=${t.plate} /></label>
    <button type="submit">${t.startVehicle}</button>
  </form>`;
}

function renderActions(props: ScreeningProps, person: PersonScreening, assessment: Assessment): TemplateResult {
  const { t, actions, saving } = props;
  const verdict = assessment.fever.verdict;
  const refer = verdict === 'fever' || verdict === 'axillary-needed';
  const admitDisabled = saving || !assessment.canAdmit || assessment.exitBlocked;
  return html`<div class="actions ${refer ? 'three' : ''}">
    <button class="admit" data-test="admit" ?disabled=${admitDisabled} @click=${() => actions.decide('admitted', null)}>
      ${t.admit}
    </button>
    <button class="deny" data-test="deny" ?disabled=${saving} @click=${() => actions.decide('denied', null)}>${t.deny}</button>
    ${refer ? html`<button class="refer" data-test="refer" ?disabled=${saving || person.readings.length === 0} @click=${() => actions.decide('referred', null)}>${t.refer}</button>` : nothing}
  </div>`;
}

function segmented<T extends string>(options: [T, string][], value: T, set: (value: T) => void, name: string): TemplateResult {
  return html`<div class="segmented" role="group" data-test="segmented-${name}">
    ${options.map(([key, label]) => html`<button type="button" data-value=${key} aria-pressed=${key === value ? 'true' : 'false'} @click=${() => set(key)}>${label}</button>`)}
  </div>`;
}
