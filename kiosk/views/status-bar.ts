import { html, nothing, type TemplateResult } from 'lit';
import type { DeviceStatus, RosterSnapshot } from '../../protocol/index.ts';
import type { LinkState } from '../gate-link.ts';
import type { SpoolStatus } from '../../protocol/index.ts';
import type { Locale, Messages } from '../messages.ts';
import type { HeldStatus } from '../outbox.ts';

export interface StatusProps {
  t: Messages;
  locale: Locale;
  link: LinkState;
  devices: ReadonlyMap<string, DeviceStatus>;
  /** The gate's spool and its road to the server. */
  gate: SpoolStatus | null;
  /** What this screen holds while the gate is out of reach. */
  held: HeldStatus | null;
  roster: RosterSnapshot | undefined;
}

const deviceClass = { connected: 'ok', reconnecting: 'warn', failed: 'bad' } as const;

/** The line of pills under the header: the gate link, each device, what is unsent (at the gate or held here), the last sync. */
export function renderStatus(props: StatusProps): TemplateResult {
  const { t, gate, held } = props;
  const unsent = gate && held ? gate.unsent + held.held : null;
  const rejected = (gate?.rejected ?? 0) + (held?.refused ?? 0);
  return html`<section class="status" aria-label="status">
    <span class="pill ${props.link === 'open' ? 'ok' : 'bad'}" data-test="gate-link"
      >${props.link === 'open' ? t.online : t.gateLinkDown}</span
    >
    ${[...props.devices.values()].map(
      (device) =>
        html`<span class="pill ${deviceClass[device.state]}" title=${device.reason ?? ''} data-test="device-${device.device}"
          >${t[device.device]}: ${t[device.state]}</span
        >`,
    )}
    <span class="unsent pill ${unsent !== null && unsent > 0 ? 'warn' : 'ok'}" data-test="unsent">
      ${t.unsent}: <span data-test="unsent-count">${unsent ?? '…'}</span>
    </span>
    ${held && held.held > 0 ? html`<span class="pill warn" data-test="held" title=${held.lastError ?? ''}>${t.heldOnScreen}: ${held.held}</span>` : nothing}
    ${rejected > 0 ? html`<span class="pill bad" data-test="rejected">${t.rejected}: ${rejected}</span>` : nothing}
    <span>${t.lastSync}: ${gate?.lastSuccessAt ? clock(props.locale, gate.lastSuccessAt) : t.never}</span>
    ${
      gate?.lastError
        ? html`<span class="pill bad" data-test="sync-error" title=${gate.lastError}
            >${t.syncError}: ${gate.serverUnreachable ? t.serverUnreachable : gate.lastError}</span
          >`
        : nothing
    }
    ${props.roster ? nothing : html`<span class="pill bad">${t.rosterMissing}</span>`}
  </section>`;
}

function clock(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );
}
