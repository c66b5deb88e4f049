import { LitElement, html, type TemplateResult } from 'lit';
import { abandonReasonOf, type AbandonReason, type RosterSnapshot } from '../../protocol/index.ts';
import { COMMUNITY_TIME_ZONE } from '../../protocol/community-date.ts';
import { revealInvisible } from '../../protocol/visible-text.ts';
import { communityClock } from '../community-time.ts';
import type { JournalEntry } from '../journal.ts';
import { panelStyles } from '../kiosk-styles.ts';
import type { Locale, Messages } from '../messages.ts';
import { matchesLogSearch } from '../shift-summary.ts';

const decisionKey = {
  admitted: 'admitted',
  denied: 'denied',
  referred: 'referred',
  'drop-off': 'dropOff',
  abandoned: 'abandoned',
} as const;

const abandonKey = {
  cancelled: 'abandon_cancelled',
  'page-closed': 'abandon_page_closed',
  'shift-ended': 'abandon_shift_ended',
} as const satisfies Record<AbandonReason, string>;

/** Today's passages at this gate from the kiosk's own journal, newest first, searchable. */
export class KioskTodayLog extends LitElement {
  static override styles = panelStyles;
  static override properties = {
    t: { attribute: false },
    locale: { attribute: false },
    roster: { attribute: false },
    entries: { attribute: false },
    search: { state: true },
  };
  declare t: Messages;
  declare locale: Locale;
  declare roster: RosterSnapshot | undefined;
  declare entries: JournalEntry[];
  declare search: string;

  constructor() {
    super();
    this.entries = [];
    this.search = '';
  }

  override render(): TemplateResult {
    const t = this.t;
    const persons = new Map((this.roster?.persons ?? []).map((p) => [p.id, p]));
    const households = new Map((this.roster?.households ?? []).map((h) => [h.id, h]));
    const roomOf = (entry: JournalEntry): string | null => {
      const person = entry.record.subject.personId ? persons.get(entry.record.subject.personId) : undefined;
      const household = person?.householdId ? households.get(person.householdId) : undefined;
      return household ? `${household.building} ${household.unit} ${household.room}` : null;
    };
    const rows = [...this.entries].reverse().filter((e) => matchesLogSearch(e, roomOf(e), this.search));
    return html`<div class="panel">
      <label
        >${t.search}<input
          type="search"
          .value=${this.search}
          @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}
      /></label>
      <table>
        <thead>
          <tr>
            <th>${t.time}</th>
            <th>${t.direction}</th>
            <th>${t.person}</th>
            <th>${t.temperature}</th>
            <th>${t.decision}</th>
            <th>${t.flags}</th>
            <th>${t.sync}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map((entry) => {
            const r = entry.record;
            const highest = r.readings.reduce<number | null>(
              (max, reading) => (max === null || reading.valueC > max ? reading.valueC : max),
              null,
            );
            const name = r.subject.name ?? persons.get(r.subject.personId ?? '')?.name;
            const who = name ? revealInvisible(name) : t[r.subject.category];
            const why = abandonReasonOf(r);
            return html`<tr>
              <td>${communityClock(r.occurredAt, this.locale, this.roster?.timeZone ?? COMMUNITY_TIME_ZONE)}</td>
              <td>${t[r.direction]}</td>
              <td><strong>${who}</strong> ${roomOf(entry) ?? ''} ${r.vehicle ? html`· ${r.vehicle.plate}` : null}</td>
              <td>${highest === null ? '—' : `${highest.toFixed(1)}°C`}</td>
              <td data-test="log-decision">
                ${t[decisionKey[r.decision]]}${why ? html` <span class="why">· ${t[abandonKey[why]]}</span>` : null}
              </td>
              <td>${r.flags.map((f) => html`<span class="flag ${f === 'fever' ? 'fever' : ''}">${t[`flag_${f}`]}</span>`)}</td>
              <td>
                ${entry.state === 'sent' ? t.sent : entry.state === 'unsent' ? t.unsent : html`<span class="error" title=${entry.reason ?? ''}>${t.rejected}</span>`}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${rows.length === 0 ? html`<p>${t.noResults}</p>` : null}
    </div>`;
  }
}
customElements.define('kiosk-today-log', KioskTodayLog);
