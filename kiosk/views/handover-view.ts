import { html, type TemplateResult } from 'lit';
import type { Shift } from '../controllers/shift-controller.ts';
import type { JournalEntry } from '../journal.ts';
import type { Locale, Messages } from '../messages.ts';
import { summariseShift } from '../shift-summary.ts';

export interface HandoverProps {
  t: Messages;
  locale: Locale;
  shift: Shift;
  entries: readonly JournalEntry[];
  onEnd: () => void;
}

/** The shift's figures for the guard taking over, and the button that ends it. */
export function renderHandover({ t, locale, shift, entries, onEnd }: HandoverProps): TemplateResult {
  const summary = summariseShift(entries, shift.shiftId);
  const since = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(
    new Date(shift.startedAt),
  );
  const figures: [keyof Messages, number][] = [
    ['total', summary.total],
    ['in', summary.in],
    ['out', summary.out],
    ['admitted', summary.admitted],
    ['denied', summary.denied],
    ['referred', summary.referred],
    ['fevers', summary.fevers],
    ['dropOff', summary.dropOffs],
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
    <button class="primary" data-test="end-shift" @click=${onEnd}>${t.endShift}</button>
  </section>`;
}
