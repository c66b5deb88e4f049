import { css, html } from 'lit';
import type { RollupFigures } from '../../../protocol/rollups.ts';
import type { Language } from '../i18n/language.ts';
import { ORG_MESSAGES } from '../i18n/org-messages.ts';

/**
 * A unit's figures as nine table columns, shared by the roll-ups and the daily report so both say
 * the same thing the same way; nine, so a 1024-px screen holds the table: in/out under the
 * passages, open/closed fevers together, free and close with the compounds.
 */
export const figureStyles = css`
  .split {
    font-size: 14px;
    font-weight: 400;
  }
`;

export function figureHead(language: Language) {
  const o = ORG_MESSAGES[language];
  return html`<th scope="col">
      ${o.passages}
      <div class="split">${o.passagesIn} / ${o.passagesOut}</div>
    </th>
    <th scope="col">${o.visitors}</th>
    <th scope="col">${o.vehicles}</th>
    <th scope="col">${o.fevers}</th>
    <th scope="col">${o.denied}</th>
    <th scope="col">${o.feverOpen} / ${o.feverClosed}</th>
    <th scope="col">${o.homeObservation}</th>
    <th scope="col">${o.compounds}</th>
    <th scope="col">${o.epidemicFree} / ${o.closeToFree}</th>`;
}

export function figureCells(f: RollupFigures, language: Language) {
  const o = ORG_MESSAGES[language];
  const closed = Object.values(f.feverOutcomes).reduce((a, b) => a + b, 0);
  return html`<td class="num">
      <strong>${f.passages}</strong>
      <div class="split">${f.passagesIn ?? o.unknownSplit} / ${f.passagesOut ?? o.unknownSplit}</div>
    </td>
    <td class="num">${f.visitors}</td>
    <td class="num">${f.vehicles}</td>
    <td class="num">${f.fevers}</td>
    <td class="num">${f.denied}</td>
    <td class="num">${f.feverOpen} / ${closed}</td>
    <td class="num">${f.homeObservation}</td>
    <td class="num">${f.compounds}</td>
    <td class="num">${f.epidemicFree} / ${f.closeToFree}</td>`;
}
