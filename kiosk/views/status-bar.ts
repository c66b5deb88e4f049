import { html, nothing, type TemplateResult } from 'lit';
import type { DeviceStatus, RosterSnapshot, SpoolStatus } from '../../protocol/index.ts';
import { communityClock } from '../community-time.ts';
import type { LinkState } from '../gate-link.ts';
import type { Locale, Messages } from '../messages.ts';
import type { HeldStatus } from '../outbox.ts';

export interface StatusProps {
  t: Messages;
  locale: Locale;
  timeZone: string;
  link: LinkState;
  devices: ReadonlyMap<string, DeviceStatus>;
  /** The gate's spool and its road to the server. */
  gate: SpoolStatus | null;
  /** What this screen holds while the gate is out of reach. */
  held: HeldStatus | null;
  roster: RosterSnapshot | undefined;
}

const deviceClass = { connected: 'ok', reconnecting: 'warn', failed: 'bad' } as const;
const deviceMark = { connected: '✓', reconnecting: '…', failed: '✕' } as const;

/**
 * One line of pills, on a 1024-px tablet too: the gate link, the devices, what is unsent (at the
 * gate or held here), the last sync, and what is wrong.
 */
export function renderStatus(props: StatusProps): TemplateResult {
  const { t, gate, held } = props;
  const unsent = gate && held ? gate.unsent + held.held : null;
  const rejected = (gate?.rejected ?? 0) + (held?.refused ?? 0);
  const connected = [...props.devices.values()].filter((device) => device.state === 'connected').map((device) => device.device);
  return html`<section
    class="status"
    aria-label=${t.statusLine}
    data-connected=${props.link === 'open' ? connected.join(' ') : ''}
  >
    <span class="pill ${props.link === 'open' ? 'ok' : 'bad'}" data-test="gate-link"
      >${props.link === 'open' ? t.online : t.gateLinkDown}</span
    >
    ${
      // First after the link: a gate that cannot save must be seen on the narrowest screen.
      held?.gateDiskFull
        ? html`<span class="pill bad" role="alert" title=${held.lastError ?? ''} data-test="gate-disk-full"
            >${t.gateDiskFull}</span
          >`
        : nothing
    }
    ${props.link === 'open' ? renderDevices(t, [...props.devices.values()]) : nothing}
    <span class="unsent pill ${unsent !== null && unsent > 0 ? 'warn' : 'ok'}" data-test="unsent">
      ${t.unsent} <span data-test="unsent-count">${unsent ?? '…'}</span>
    </span>
    ${held && held.held > 0 ? html`<span class="pill warn" data-test="held" title=${held.lastError ?? ''}>${t.heldOnScreen} ${held.held}</span>` : nothing}
    ${rejected > 0 ? html`<span class="pill bad" data-test="rejected">${t.rejected} ${rejected}</span>` : nothing}
    <span class="last-sync"
      >${t.lastSync} ${gate?.lastSuccessAt ? communityClock(gate.lastSuccessAt, props.locale, props.timeZone) : t.never}</span
    >
    ${
      gate?.lastError
        ? html`<span class="pill bad" data-test="sync-error" title=${gate.lastError}
            >${
              gate.serverCertificateRefused
                ? t.serverCertificateRefused
                : gate.serverUnreachable
                  ? t.serverUnreachable
                  : `${t.syncError}${t.colon}${gate.lastError}`
            }</span
          >`
        : nothing
    }
    ${props.roster ? nothing : html`<span class="pill bad">${t.rosterMissing}</span>`}
  </section>`;
}

/**
 * The devices as the gate reports them: one pill while all are working, else one per device that
 * is not (a mark, the state in words on hover and for screen readers). Not shown while the gate is
 * out of reach: their state is not known then, and the link's pill says why.
 */
function renderDevices(t: Messages, devices: DeviceStatus[]): TemplateResult | typeof nothing {
  if (devices.length === 0) return nothing;
  const states = devices.map((device) => `${t[device.device]}${t.colon}${t[device.state]}`).join(' · ');
  const faulty = devices.filter((device) => device.state !== 'connected');
  if (faulty.length === 0)
    return html`<span class="pill ok" title=${states} data-test="devices"
      >${t.devices} <span aria-hidden="true">${deviceMark.connected}</span
      ><span class="visually-hidden">${t.colon}${states}</span></span
    >`;
  return html`${faulty.map(
    (device) =>
      html`<span
        class="pill ${deviceClass[device.state]}"
        title=${`${t[device.device]}: ${t[device.state]}${device.reason ? ` — ${device.reason}` : ''}`}
        data-test="device-${device.device}"
        >${t[device.device]} <span aria-hidden="true">${deviceMark[device.state]}</span
        ><span class="visually-hidden">${t.colon}${t[device.state]}</span></span
      >`,
  )}`;
}
