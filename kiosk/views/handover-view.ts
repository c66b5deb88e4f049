import { html, nothing, type TemplateResult } from 'lit';
import { communityDateTime } from '../community-time.ts';
import type { Shift } from '../controllers/shift-controller.ts';
import type { JournalEntry } from '../journal.ts';
import { formatCount, type Locale, type Messages } from '../messages.ts';
import { summariseShift } from '../shift-summary.ts';

export interface HandoverProps {
  t: Messages;
  locale: Locale;
  timeZone: string;
  shift: Shift;
  entries: readonly JournalEntry[];
  /** People on screen or queued: ending the shift logs them as abandoned. */
  pending: number;
  onEnd: () => void;
}

/** The shift's figures for the guard taking over, and the button that ends it. */
export function renderHandover({ t, locale, timeZone, shift, entries, pending, onEnd }: HandoverProps): TemplateResult {
  const summary = summariseShift(entries, shift.shiftId);
  const since = communityDateTime(shift.startedAt, locale, timeZone);
  const figures: [keyof Messages, number][] = [
    ['total', summary.total],
    ['in', summary.in],
    ['out', summary.out],
    ['admitted', summary.admitted],
    ['denied', summary.denied],
    ['referred', summary.referred],
    ['fevers', summary.fevers],
    ['dropOff', summary.dropOffs],
    ['abandoned', summary.abandoned],
    ['unsent', summary.unsent],
    ['rejected', summary.rejected],
  ];
  return html`<section class="handover" data-test="handover">
    <h2>${t.handoverTitle} · ${shift.guardName}</h2>
    <p>${t.shiftStarted}${t.colon}${since}</p>
    <div class="figures">
      ${figures.map(
        ([key, value]) =>
          html`<div class="figure ${key === 'fevers' && value > 0 ? 'alarm' : ''}">
            <span>${t[key]}</span><strong>${value}</strong>
          </div>`,
      )}
    </div>
    ${pending > 0 ? html`<p class="warning" data-test="handover-pending">${formatCount(locale, 'handoverPending', pending)}</p>` : nothing}
    <button class="primary" data-test="end-shift" @click=${onEnd}>${t.endShift}</button>
  </section>`;
}
