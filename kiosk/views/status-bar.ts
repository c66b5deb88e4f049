import { html, nothing, type TemplateResult } from 'lit';
import type { DeviceStatus, RosterSnapshot } from '../../protocol/index.ts';
import { communityClock } from '../community-time.ts';
import type { LinkState } from '../gate-link.ts';
import { format, type Locale, type Messages } from '../messages.ts';
import type { OutboxStatus } from '../outbox.ts';

export interface StatusProps {
  t: Messages;
  locale: Locale;
  timeZone: string;
  link: LinkState;
  devices: ReadonlyMap<string, DeviceStatus>;
  sync: OutboxStatus | null;
  restoring: { restored: number; missing: number } | null;
  /** Entries taken back lately from the gate copy (0: nothing to say). */
  restored: number;
  roster: RosterSnapshot | undefined;
}

const deviceClass = { connected: 'ok', reconnecting: 'warn', failed: 'bad' } as const;
const deviceMark = { connected: '✓', reconnecting: '…', failed: '✕' } as const;

/**
 * One line of pills: the gate link, each device (a mark, the state in words on hover and for screen
 * readers), what is unsent, the last sync, and what is wrong.
 */
export function renderStatus(props: StatusProps): TemplateResult {
  const { t, sync } = props;
  return html`<section class="status" aria-label=${t.statusLine}>
    <span class="pill ${props.link === 'open' ? 'ok' : 'bad'}" data-test="gate-link"
      >${props.link === 'open' ? t.online : t.gateLinkDown}</span
    >
    ${[...props.devices.values()].map(
      (device) =>
        html`<span
          class="pill ${deviceClass[device.state]}"
          title=${`${t[device.device]}: ${t[device.state]}${device.reason ? ` — ${device.reason}` : ''}`}
          data-test="device-${device.device}"
          >${t[device.device]} <span aria-hidden="true">${deviceMark[device.state]}</span
          ><span class="visually-hidden">${t.colon}${t[device.state]}</span></span
        >`,
    )}
    <span class="unsent pill ${sync && sync.unsent > 0 ? 'warn' : 'ok'}" data-test="unsent">
      ${t.unsent} <span data-test="unsent-count">${sync?.unsent ?? '…'}</span>
    </span>
    ${sync && sync.rejected > 0 ? html`<span class="pill bad" data-test="rejected">${t.rejected} ${sync.rejected}</span>` : nothing}
    <span class="last-sync"
      >${t.lastSync} ${sync?.lastSuccessAt ? communityClock(sync.lastSuccessAt, props.locale, props.timeZone) : t.never}</span
    >
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
            >${sync.serverUnreachable ? t.serverUnreachable : `${t.syncError}${t.colon}${sync.lastError}`}</span
          >`
        : nothing
    }
    ${props.roster ? nothing : html`<span class="pill bad">${t.rosterMissing}</span>`}
  </section>`;
}
