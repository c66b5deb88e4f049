import { html, type TemplateResult } from 'lit';
import type { RosterHousehold } from '../../protocol/index.ts';
import { matchHouseholds } from '../household-match.ts';
import type { Messages } from '../messages.ts';

/** As many as a drop-down shows without becoming a list to scroll through. */
const CHOICES = 30;

export interface HostHouseholdFields {
  t: Messages;
  households: readonly RosterHousehold[];
  query: string;
  chosenId: string;
  onQuery: (query: string) => void;
  onChoose: (householdId: string) => void;
}

/** The one household a typed address names, if it names exactly one. */
export function onlyHousehold(households: readonly RosterHousehold[], query: string): string | null {
  const matches = query.trim() === '' ? [] : matchHouseholds(households, query, 2);
  return matches.length === 1 ? matches[0]!.id : null;
}

/**
 * The host household for visitors and couriers: the guard types building and room, the drop-down
 * beside it narrows to what that names (and takes the household itself when only one fits).
 */
export function hostHouseholdFields(fields: HostHouseholdFields): TemplateResult {
  const { t, households, query, chosenId } = fields;
  const matches = matchHouseholds(households, query, CHOICES);
  const chosen = households.find((h) => h.id === chosenId);
  const shown = chosen && !matches.includes(chosen) ? [chosen, ...matches] : matches;
  const value = (e: Event): string => (e.target as HTMLInputElement | HTMLSelectElement).value;
  return html`<label
      >${t.hostSearch}<input
        type="search"
        name="hostSearch"
        autocomplete="off"
        placeholder=${t.hostSearchHint}
        .value=${query}
        @input=${(e: Event) => fields.onQuery(value(e))}
        @keydown=${(e: KeyboardEvent) => {
          // Enter here means "that one", not "submit the form".
          if (e.key === 'Enter') e.preventDefault();
        }}
    /></label>
    <label
      >${t.host}
      <select name="host" @change=${(e: Event) => fields.onChoose(value(e))}>
        <option value="" ?selected=${!chosen}>
          ${query.trim() !== '' && matches.length === 0 ? t.noHouseholdMatch : t.chooseHousehold}
        </option>
        ${shown.map((h) => html`<option value=${h.id} ?selected=${h.id === chosenId}>${h.building} ${h.unit} ${h.room}</option>`)}
      </select>
    </label>`;
}
