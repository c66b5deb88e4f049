import { css, html, type TemplateResult } from 'lit';
import { RECORD_WORDS } from '../../../protocol/record-words.ts';
import type { GateCompound } from '../../../protocol/review-queries.ts';
import type { EntryView, ReadingView } from '../../../protocol/review.ts';
import { revealInvisible } from '../../../protocol/visible-text.ts';
import { formatInstant, type InstantOptions } from '../shared/format-instant.ts';
import { pageLink } from '../shared/hash-params.ts';
import { label, MESSAGES } from '../i18n/messages.ts';
import type { Language } from '../i18n/language.ts';
import { REVIEW_MESSAGES } from '../i18n/review-messages.ts';

/** A passage's time to the second, on its gate's (or compound's) clock. */
export function formatTime(iso: string, language: Language, where: Pick<InstantOptions, 'gateId' | 'compoundId'> = {}): string {
  return formatInstant(iso, language, { ...where, seconds: true });
}

/** Tables on an office PC: strong borders, a dark header, fever rows tinted. */
export const tableStyles = css`
  h2 {
    margin: 16px 0 10px;
    font-size: 22px;
  }
  h3 {
    margin: 18px 0 8px;
    font-size: 18px;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    background: #fff;
    margin-bottom: 12px;
  }
  th,
  td {
    border: 1px solid #777;
    padding: 6px 8px;
    text-align: left;
    vertical-align: top;
  }
  th {
    background: #1b3a5c;
    color: #fff;
    font-weight: 700;
  }
  tbody tr:nth-child(even) {
    background: #f1f4f7;
  }
  tr.fever,
  tr.fever:nth-child(even) {
    background: #ffe3e3;
  }
  .num {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .hot {
    color: #a30000;
    font-weight: 800;
  }
  .muted {
    color: #444;
  }
  .compound {
    font-weight: 700;
  }
  .flag {
    display: inline-block;
    margin: 1px 4px 1px 0;
    padding: 0 6px;
    border: 1px solid #333;
    border-radius: 3px;
    font-size: 14px;
    background: #fff;
  }
  .flag.fever {
    border-color: #a30000;
    color: #a30000;
    font-weight: 700;
  }
  ol.readings {
    margin: 2px 0 0;
    padding-left: 18px;
    font-size: 14px;
    color: #333;
  }
  ol.readings li.decided {
    color: #111;
  }
  .empty {
    padding: 18px;
    text-align: center;
  }
  form,
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 10px 14px;
    margin: 14px 0;
    padding: 10px 12px;
    background: #fff;
    border: 1px solid #c8d1db;
  }
  label {
    display: flex;
    flex-direction: column;
    font-size: 14px;
    color: #333;
    gap: 2px;
  }
  input,
  select,
  textarea {
    font: inherit;
    padding: 4px 6px;
    border: 2px solid #777;
    border-radius: 4px;
    background: #fff;
    color: #111;
  }
  a {
    color: #0b4f8a;
  }
  a.button {
    display: inline-block;
    padding: 6px 14px;
    border: 2px solid #1b3a5c;
    border-radius: 4px;
    color: #1b3a5c;
    text-decoration: none;
    background: #fff;
  }
`;

/**
 * Every reading of a passage in the order taken, with its source and time, the one that decided
 * marked: a forehead 38.6 followed by an axillary 38.2 shows both, and which one counted.
 */
export function readingList(readings: readonly ReadingView[], language: Language, gateId?: string): TemplateResult {
  const m = MESSAGES[language];
  return html`<ol class="readings" aria-label=${m.readings}>
    ${readings.map(
      (r) =>
        html`<li class=${r.decided ? 'decided' : ''}>
          ${r.valueC.toFixed(1)} °C · ${label.source(m, r.source)} ·
          ${formatInstant(r.at, language, { seconds: true, timeOnly: true, gateId })}
          ${r.decided ? html`<strong>✓ ${RECORD_WORDS[language].decided}</strong>` : null}
        </li>`,
    )}
  </ol>`;
}

/**
 * Rows of passages with links to the person's timeline and to the contacts around the passage;
 * with `compounds` (an answer traced across compounds), the compound of each passage's gate
 * above the gate's name, in the same column so the table still fits a 1024-pixel screen.
 */
export function entryTable(
  entries: readonly EntryView[],
  language: Language,
  options: {
    empty: string;
    extra?: { header: string; cell: (entry: EntryView) => TemplateResult | string };
    compounds?: readonly GateCompound[];
  } = { empty: '' },
): TemplateResult {
  const m = MESSAGES[language];
  const r = REVIEW_MESSAGES[language];
  const compoundOf = options.compounds ? new Map(options.compounds.map((c) => [c.gateId, c.compoundName])) : null;
  const columns = options.extra ? 10 : 9;
  return html`
    <table>
      <thead>
        <tr>
          <th>${m.time}</th>
          <th>${compoundOf ? html`${r.compound} · ${m.gate}` : m.gate}</th>
          <th>${m.direction}</th>
          <th>${m.person}</th>
          <th>${m.idMasked}</th>
          <th>${m.temperature}</th>
          <th>${m.decision}</th>
          <th>${m.flags}</th>
          ${options.extra ? html`<th>${options.extra.header}</th>` : null}
          <th>${r.contacts}</th>
        </tr>
      </thead>
      <tbody>
        ${
          entries.length === 0
            ? html`<tr>
                <td class="empty" colspan=${columns}>${options.empty}</td>
              </tr>`
            : entries.map((entry) => {
                const fever = entry.flags.includes('fever');
                const reading = entry.reading;
                return html`<tr class=${fever ? 'fever' : ''}>
                  <td class="num">${formatTime(entry.occurredAt, language, { gateId: entry.gateId })}</td>
                  <td>
                    ${compoundOf ? html`<span class="compound">${compoundOf.get(entry.gateId) ?? '—'}</span><br />` : null}${entry.gateName}
                  </td>
                  <td>${label.direction(m, entry.direction)}</td>
                  <td>
                    ${entry.personId ? html`<a href=${pageLink('timeline', { person: entry.personId })}>${revealInvisible(entry.personName ?? entry.personId)}</a>` : entry.personName ? revealInvisible(entry.personName) : '—'}
                    <span class="muted">· ${label.category(m, entry.category)}</span>
                  </td>
                  <td class="num">${entry.idMasked ?? '—'}</td>
                  <td class="num">
                    ${reading ? html`<span class=${fever ? 'hot' : ''}>${reading.valueC.toFixed(1)} °C</span> <span class="muted">· ${label.source(m, reading.source)}</span>` : '—'}
                    ${entry.readings.length > 1 ? readingList(entry.readings, language, entry.gateId) : null}
                  </td>
                  <td>${label.decision(m, entry.decision, entry.abandonReason)}</td>
                  <td>
                    ${entry.flags.map((flag) => html`<span class="flag ${flag === 'fever' ? 'fever' : ''}">${label.flag(m, flag)}</span>`)}
                  </td>
                  ${options.extra ? html`<td class="num">${options.extra.cell(entry)}</td>` : null}
                  <td><a href=${pageLink('contacts', { entry: entry.id })}>${r.lookUp}</a></td>
                </tr>`;
              })
        }
      </tbody>
    </table>
  `;
}
