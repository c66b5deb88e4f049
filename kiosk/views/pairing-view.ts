import { html, nothing, type TemplateResult } from 'lit';
import type { PairingAnswer } from '../gate-pairing.ts';
import type { Messages } from '../messages.ts';

/** Why the pairing form is shown again: the last attempt's answer, or the gate unpaired this screen. */
export type PairingProblem = Exclude<PairingAnswer, 'paired'> | 'unpaired';

const PROBLEM_TEXT: Record<PairingProblem, keyof Messages> = {
  'wrong-code': 'pairWrong',
  'too-many-tries': 'pairTooMany',
  unreachable: 'pairUnreachable',
  unpaired: 'pairRevoked',
};

/** The form an unpaired screen shows: the code the gate printed, and a name for this screen. */
export function renderPairing(
  t: Messages,
  problem: PairingProblem | null,
  onPair: (code: string, name: string) => void,
): TemplateResult {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    onPair(String(form.get('code') ?? ''), String(form.get('name') ?? ''));
  };
  const problemText = problem ? t[PROBLEM_TEXT[problem]] : null;
  return html`<form class="pairing" data-test="pairing" @submit=${submit}>
    <h2>${t.pairTitle}</h2>
    <p>${t.pairHint}</p>
    <label
      >${t.pairCode}<input name="code" inputmode="numeric" autocomplete="off" pattern="\\d{6}" maxlength="6" required
    /></label>
    <label>${t.pairName}<input name="name" maxlength="64" /></label>
    ${problemText ? html`<p class="banner error" role="alert">${problemText}</p>` : nothing}
    <button type="submit">${t.pairSubmit}</button>
  </form>`;
}
