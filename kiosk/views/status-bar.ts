import { html, nothing, type TemplateResult } from 'lit';
import type { DeviceStatus, RosterSnapshot } from '../../protocol/index.ts';
import type { LinkState } from '../gate-link.ts';
import { format, type Locale, type Messages } from '../messages.ts';
import type { OutboxStatus } from '../outbox.ts';

export interface StatusProps {
  t: Messages;
  locale: Locale;
  link: LinkState;
  devices: ReadonlyMap<string, DeviceStatus>;
  sync: OutboxStatus | null;
  restoring: { restored: number; missing: number } | null;
  restored: number;
  roster: RosterSnapshot | undefined;
}

const deviceClass = { connected: 'ok', reconnecting: 'warn', failed: 'bad' } as const;

/** The line of pills under the header: the gate link, each device, what is unsent, the last sync. */
export function renderStatus(props: StatusProps): TemplateResult {
  const { t, sync } = props;
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
    <span class="unsent pill ${sync && sync.unsent > 0 ? 'warn' : 'ok'}" data-test="unsent">
      ${t.unsent}: <span data-test="unsent-count">${sync?.unsent ?? '…'}</span>
    </span>
    ${sync && sync.rejected > 0 ? html`<span class="pill bad" data-test="rejected">${t.rejected}: ${sync.rejected}</span>` : nothing}
    <span>${t.lastSync}: ${sync?.lastSuccessAt ? clock(props.locale, sync.lastSuccessAt) : t.never}</span>
    ${
      props.restoring
        ? html`<span class="pill warn" data-test="restoring"
            >${format(t.restoringFromGate, { n: props.restoring.restored, total: props.restoring.missing })}</span
          >`
        : nothing
    }
    ${props.restored > 0 ? html`<span class="pill warn" data-test="restored">${format(t.restoredFromGate, { n: props.restored })}</span>` : nothing}
    ${
      sync?.lastError
        ? html`<span class="pill bad" data-test="sync-error" title=${sync.lastError}
            >${t.syncError}: ${sync.serverUnreachable ? t.serverUnreachable : sync.lastError}</span
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
