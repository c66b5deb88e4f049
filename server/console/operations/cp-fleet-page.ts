import { TaskStatus } from '@lit/task';
import { css, html, nothing } from 'lit';
import type { BackupStatus } from '../../../protocol/operations.ts';
import type { FleetGate, FleetView } from '../../../protocol/fleet.ts';
import { pluralForm } from '../../../protocol/plural-forms.ts';
import { operationsApi } from '../api/operations-api.ts';
import type { Language } from '../i18n/language.ts';
import {
  DEVICE_STATE_WORDS,
  DEVICE_WORDS,
  FLAG_WORDS,
  OPERATIONS_MESSAGES,
  type OperationsMessages,
} from '../i18n/operations-messages.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import { ConsolePage } from '../shared/console-page.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formatInstant } from '../shared/format-instant.ts';
import { formFields } from '../shared/form-fields.ts';
import { PollController } from '../shared/poll-controller.ts';

/** Gates report every minute; the page follows them at that pace. */
const REFRESH_MS = 30_000;

/** "12 min ago", "3 h ago" (zh-CN "12分钟前"): how long since `iso`, at the page's clock `nowMs`. */
function ago(iso: string, nowMs: number, m: OperationsMessages): string {
  const minutes = Math.floor((nowMs - Date.parse(iso)) / 60_000);
  if (minutes < 1) return m.justNow;
  if (minutes < 120) return `${minutes}${m.minutes}${m.ago}`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}${m.hours}${m.ago}` : `${Math.floor(hours / 24)}${m.days}${m.ago}`;
}

/**
 * Admin: the last good backup (a warning when it is more than a day old) and every gate device
 * with its screens and serial devices as its last heartbeat told them, what needs a look flagged
 * first (docs/operations.md, "Watching the gates").
 */
export class CpFleetPage extends ConsolePage {
  readonly #fleet = this.loader(
    () => [],
    () => operationsApi.fleet(),
  );
  readonly #backups = this.loader(
    () => [],
    () => operationsApi.backups(),
  );

  static override styles = [
    consoleStyles,
    adminStyles,
    css`
      .warn {
        margin: 8px 0;
        padding: 10px 12px;
        border: 3px solid #a30000;
        background: #fff0f0;
        color: #600;
        font-weight: 700;
      }
      .good {
        margin: 8px 0;
        padding: 8px 12px;
        border: 2px solid #0b5d1e;
        background: #f0fff3;
      }
      .gate {
        margin: 12px 0 18px;
        padding: 10px 12px;
        background: #fff;
        border: 2px solid #c8d1db;
      }
      .gate.attention {
        border-color: #a30000;
      }
      .gate h3 {
        margin: 0 0 6px;
        display: flex;
        flex-wrap: wrap;
        gap: 4px 12px;
        align-items: baseline;
      }
      .flags {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin: 6px 0;
        padding: 0;
        list-style: none;
      }
      .flags li {
        padding: 2px 8px;
        border-radius: 3px;
        background: #a30000;
        color: #fff;
        font-weight: 700;
      }
      .online {
        color: #0b5d1e;
        font-weight: 700;
      }
      .offline {
        color: #a30000;
        font-weight: 700;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(190px, 1fr));
        gap: 4px 16px;
        margin: 6px 0 10px;
      }
      dl div {
        display: flex;
        flex-direction: column;
      }
      dt {
        font-size: 14px;
        color: #444;
      }
      dd {
        margin: 0;
        font-weight: 700;
        overflow-wrap: anywhere;
      }
      td.device-error {
        overflow-wrap: anywhere;
      }
      form.hours {
        display: inline-flex;
        gap: 6px;
        align-items: center;
        font-size: 15px;
      }
      form.hours input {
        width: 9em;
      }
    `,
  ];

  constructor() {
    super();
    // The first load is the tasks' own; after it, re-read so "online" and the flags stay current.
    new PollController(this, REFRESH_MS, async () => {
      if (this.#fleet.status === TaskStatus.INITIAL) return;
      await Promise.all([this.#fleet.run(), this.#backups.run()]);
    });
  }

  get #m(): OperationsMessages {
    return OPERATIONS_MESSAGES[this.language];
  }

  async #saveHours(event: SubmitEvent, gateId: string): Promise<void> {
    event.preventDefault();
    const hours = (formFields(event.target as HTMLFormElement).openingHours ?? '').trim();
    if (!this.accept(await operationsApi.setOpeningHours(gateId, hours === '' ? null : hours))) return;
    this.done(this.#m.saved);
    await this.#fleet.run();
  }

  override render() {
    const m = this.#m;
    return html`
      <h2>${m.title}</h2>
      ${this.renderNotice()}
      <h3>${m.backupTitle}</h3>
      ${this.renderLoaded(this.#backups, (status: BackupStatus) => this.#backup(status))}
      <h3>${m.fleetTitle}</h3>
      ${this.renderLoaded(this.#fleet, (fleet: FleetView) => this.#gates(fleet))}
    `;
  }

  #backup(status: BackupStatus) {
    const m = this.#m;
    const failure = status.lastFailure
      ? html`<p class="warn" role="alert">
          ${m.backupFailed} (${formatInstant(status.lastFailure.at, this.language)}): ${status.lastFailure.message}
        </p>`
      : nothing;
    if (!status.configured) return html`<p class="warn" role="alert">${m.backupNotConfigured}</p>`;
    if (!status.last)
      return html`<p class="warn" role="alert">${m.backupNone}</p>
        ${failure}`;
    const last = html`${m.backupLast}:
      <strong class="num">${formatInstant(status.last.takenAt, this.language)}</strong>
      (${ago(status.last.takenAt, Date.now(), m)}), ${status.last.entries} ${m.backupEntries}`;
    return html`${
      status.stale ? html`<p class="warn" role="alert">${m.backupStale}<br />${last}</p>` : html`<p class="good">${last}</p>`
    }${failure}`;
  }

  #gates(fleet: FleetView) {
    const m = this.#m;
    if (fleet.gates.length === 0) return html`<p class="muted">${m.noGates}</p>`;
    const nowMs = Date.parse(fleet.at);
    // What needs a look first, then by gate as the server ordered them.
    const ordered = [...fleet.gates].sort((a, b) => Number(b.flags.length > 0) - Number(a.flags.length > 0));
    return html`<p class="muted">${m.updatedAt} ${formatInstant(fleet.at, this.language, { seconds: true })}</p>
      ${ordered.map((gate) => this.#gate(gate, nowMs))}`;
  }

  #gate(gate: FleetGate, nowMs: number) {
    const m = this.#m;
    const language: Language = this.language;
    const report = gate.report;
    const flags = FLAG_WORDS[language];
    return html`<section
      class="gate ${gate.flags.length > 0 ? 'attention' : ''}"
      aria-label=${`${gate.gateName} ${gate.deviceId}`}
    >
      <h3>
        <span>${gate.gateName}</span>
        <span class="num">${gate.deviceId}</span>
        ${gate.label ? html`<span class="muted">${gate.label}</span>` : nothing}
        <span class=${gate.online ? 'online' : 'offline'}>${gate.online ? m.online : m.offline}</span>
      </h3>
      ${
        gate.flags.length > 0
          ? html`<ul class="flags">
              ${gate.flags.map((flag) => html`<li>${flags[flag]}</li>`)}
            </ul>`
          : html`<p class="ok">${m.allWell}</p>`
      }
      ${gate.refused ? html`<p class="bad">${m.refused} (${formatInstant(gate.refused.at, language, { gateId: gate.gateId })}): ${gate.refused.reason}</p>` : nothing}
      <dl>
        <div>
          <dt>${m.lastSeen}</dt>
          <dd class="num">
            ${gate.lastSeenAt ? html`${formatInstant(gate.lastSeenAt, language, { gateId: gate.gateId })} (${ago(gate.lastSeenAt, nowMs, m)})` : m.never}
          </dd>
        </div>
        <div>
          <dt>${m.backlog}</dt>
          <dd class="num">${report ? report.spool.unsent : '—'}</dd>
        </div>
        <div>
          <dt>${m.oldestUnsent}</dt>
          <dd class="num">
            ${report?.spool.oldestUnsentAt ? html`${formatInstant(report.spool.oldestUnsentAt, language, { gateId: gate.gateId })} (${ago(report.spool.oldestUnsentAt, nowMs, m)})` : m.none}
          </dd>
        </div>
        <div>
          <dt>${m.rejected}</dt>
          <dd class="num">${report ? report.spool.rejected : '—'}</dd>
        </div>
        <div>
          <dt>${m.clockOffset}</dt>
          <dd class="num">
            ${gate.clockOffsetMs === null ? '—' : `${gate.clockOffsetMs > 0 ? '+' : ''}${Math.round(gate.clockOffsetMs / 1000)}${m.seconds}`}
          </dd>
        </div>
        <div>
          <dt>${m.software} / ${m.protocol}</dt>
          <dd class="num">${report?.software ?? '—'} / ${gate.protocol ?? '—'}</dd>
        </div>
        <div>
          <dt>${m.lastError}</dt>
          <dd>${report?.lastError ?? m.none}</dd>
        </div>
        <div>
          <dt>${m.openingHours}</dt>
          <dd>
            <form class="hours" @submit=${(event: SubmitEvent) => this.#saveHours(event, gate.gateId)}>
              <input
                name="openingHours"
                aria-label=${`${m.openingHours} ${gate.gateName}`}
                placeholder=${m.alwaysOpen}
                title=${m.openingHoursHint}
                pattern="[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]"
                .value=${gate.openingHours ?? ''}
              />
              <button type="submit">${m.saveHours}</button>
            </form>
          </dd>
        </div>
      </dl>
      ${report ? this.#devices(gate, nowMs) : html`<p class="muted">${m.noReport}</p>`}
    </section>`;
  }

  #devices(gate: FleetGate, nowMs: number) {
    const m = this.#m;
    const language = this.language;
    const report = gate.report!;
    return html`<table>
        <thead>
          <tr>
            <th>${m.device}</th>
            <th>${m.status}</th>
            <th>${m.firmware}</th>
            <th>${m.calibrationDue}</th>
            <th>${m.reconnects}</th>
            <th>${m.lastError}</th>
          </tr>
        </thead>
        <tbody>
          ${report.devices.map((device) => {
            const due = device.calibrationExpiresAt;
            const dueSoon = due !== null && Date.parse(due) - nowMs < 7 * 86_400_000;
            return html`<tr>
              <td>${DEVICE_WORDS[language][device.device]}</td>
              <td class=${device.state === 'connected' ? 'ok' : 'bad'}>${DEVICE_STATE_WORDS[language][device.state]}</td>
              <td class=${device.firmware ? '' : 'muted'}>
                ${device.firmware ? `${device.firmware.name} ${device.firmware.version}` : m.firmwareNotReported}
              </td>
              <td class="num ${dueSoon ? 'bad' : ''}">
                ${due ? formatInstant(due, language, { gateId: gate.gateId }).slice(0, 10) : '—'}
              </td>
              <td class="num">${device.reconnects}</td>
              <td class="device-error">
                ${device.lastError ? html`${device.lastErrorAt ? html`<span class="num">${formatInstant(device.lastErrorAt, language, { gateId: gate.gateId })}</span> ` : nothing}${device.lastError}` : m.none}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
      <p>
        <strong>${m.screens}:</strong>
        ${
          report.screens.length === 0
            ? html`<span class="muted">${m.noScreens}</span>`
            : report.screens.map(
                (screen) =>
                  html`<span title=${screen.id}>${screen.name || screen.id}</span>
                    <span class="muted"
                      >(${m.connectedSince} ${formatInstant(screen.connectedAt, language, { gateId: gate.gateId })})</span
                    >
                    ${screen.holdingEntries ? html`<span class="bad">${pluralForm(language, screen.holdingEntries, { one: m.screenHoldingOne, other: m.screenHolding }).replace('{n}', String(screen.holdingEntries))}</span>` : nothing} `,
              )
        }
      </p>`;
  }
}
customElements.define('cp-fleet-page', CpFleetPage);
