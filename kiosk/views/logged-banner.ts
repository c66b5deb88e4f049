import { html, nothing, type TemplateResult } from 'lit';
import type { Banner } from '../controllers/shift-controller.ts';
import { revealInvisible } from '../../protocol/visible-text.ts';
import type { Messages } from '../messages.ts';

/** What became of the last person: saving, logged (with the reading and the decision), or not logged and why. */
export function renderBanner(t: Messages, banner: Banner | null): TemplateResult | typeof nothing {
  if (!banner) return nothing;
  if (banner.kind === 'saving') return html`<p class="banner saving" role="status">${t.saving}</p>`;
  if (banner.kind === 'error')
    return html`<p class="banner error" role="alert" data-test="banner">${t.saveFailed}${banner.detail}</p>`;
  const temp = banner.reading ? ` ${banner.reading.valueC.toFixed(1)}°C` : '';
  const decision = { admitted: t.admit, denied: t.deny, referred: t.refer, 'drop-off': t.dropOff, abandoned: t.abandoned }[
    banner.decision
  ];
  return html`<p class="banner logged ${banner.decision}" role="status" data-test="banner">
    ${banner.gateDiskFull ? t.loggedHeldDiskFull : banner.held ? t.loggedHeld : t.logged} ✓
    ${banner.who ? revealInvisible(banner.who) : t[banner.category]}${temp} ·
    ${decision}${banner.auto ? html` · ${t.autoAdmitted}` : nothing}
  </p>`;
}
