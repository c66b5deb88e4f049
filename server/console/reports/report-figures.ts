import { css, html } from 'lit';
import type { ReportFigures } from '../../../protocol/daily-reports.ts';
import { FeverOutcome } from '../../../protocol/review-queries.ts';
import type { Language } from '../i18n/language.ts';
import { ORG_MESSAGES } from '../i18n/org-messages.ts';
import { REPORT_MESSAGES } from '../i18n/report-messages.ts';
import { REVIEW_MESSAGES, reviewLabel } from '../i18n/review-messages.ts';
import { figureCells, figureHead } from '../rollups/figure-columns.ts';

export const reportFigureStyles = css`
  .free {
    color: #146c2e;
    font-weight: 700;
  }
  .close {
    color: #8a5a00;
    font-weight: 700;
  }
  .blockers {
    font-size: 14px;
  }
`;

/** Why a compound is not epidemic-free, counted: the report names nobody. */
function standing(compound: ReportFigures['compounds'][number], language: Language) {
  const o = ORG_MESSAGES[language];
  const r = REPORT_MESSAGES[language];
  if (compound.epidemicFree) return html`<span class="free">${o.free}</span>`;
  const { confirmedCases, watch, openFevers } = compound.blockers;
  const parts = [
    confirmedCases > 0 ? `${r.blockerCases}${confirmedCases}` : null,
    watch > 0 ? `${r.blockerWatch}${watch}` : null,
    openFevers > 0 ? `${r.blockerFevers}${openFevers}` : null,
  ].filter((part) => part !== null);
  return html`${compound.closeToFree ? html`<span class="close">${o.close}</span>` : o.notFree}
    <div class="blockers">${parts.join(' · ')}</div>`;
}

/** A report's figures as a table: each compound, the community's total, and the fevers' outcomes. */
export function reportFiguresTable(figures: ReportFigures, language: Language) {
  const o = ORG_MESSAGES[language];
  const r = REPORT_MESSAGES[language];
  const review = REVIEW_MESSAGES[language];
  return html`<table>
      <thead>
        <tr>
          <th scope="col">${r.compound}</th>
          ${figureHead(language)}
          <th scope="col">${r.blockers}</th>
        </tr>
      </thead>
      <tbody>
        ${figures.compounds.map(
          (c) =>
            html`<tr>
              <th scope="row">${c.name}</th>
              ${figureCells(c.figures, language)}
              <td>${standing(c, language)}</td>
            </tr>`,
        )}
        <tr class="total">
          <th scope="row">${o.total}</th>
          ${figureCells(figures.total, language)}
          <td></td>
        </tr>
      </tbody>
    </table>
    <p>
      <strong>${r.outcomes}:</strong>
      ${FeverOutcome.options
        .map((outcome) => `${reviewLabel.outcome(review, outcome)} ${figures.total.feverOutcomes[outcome]}`)
        .join(' · ')}
    </p>`;
}
