import { css, html } from 'lit';
import type { DeviceEnrollResponse, DeviceListResponse } from '../../../protocol/accounts.ts';
import { accountsApi } from '../api/accounts-api.ts';
import { ACCOUNTS_MESSAGES } from '../i18n/accounts-messages.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import { ConsolePage } from '../shared/console-page.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formatInstant } from '../shared/format-instant.ts';
import { formFields } from '../shared/form-fields.ts';

/** Admin: the devices at each gate with when they were last seen; enrol one (token shown once) or revoke it. */
export class CpDevicesPage extends ConsolePage {
  static override properties = { ...ConsolePage.properties, enrolled: { state: true }, busy: { state: true } };
  declare enrolled: DeviceEnrollResponse | null;
  declare busy: boolean;
  readonly #list = this.loader(
    () => [],
    () => accountsApi.devices(),
  );

  static override styles = [
    consoleStyles,
    adminStyles,
    css`
      .token {
        margin: 12px 0;
        padding: 12px;
        border: 3px solid #a36a00;
        background: #fff6df;
      }
      .token code {
        display: block;
        margin: 8px 0;
        padding: 8px;
        font-size: 18px;
        background: #fff;
        border: 1px solid #777;
        word-break: break-all;
        user-select: all;
      }
      td.revoked {
        color: #a30000;
        font-weight: 700;
      }
    `,
  ];

  constructor() {
    super();
    this.enrolled = null;
    this.busy = false;
  }

  async #enroll(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const fields = formFields(form);
    this.busy = true;
    const result = await accountsApi.enrollDevice({
      gateId: fields.gateId ?? '',
      deviceId: fields.deviceId ?? undefined,
      label: fields.label ?? undefined,
    });
    this.busy = false;
    if (!this.accept(result)) return;
    this.notice = null;
    this.enrolled = result.value;
    form.reset();
    await this.#list.run();
  }

  async #revoke(deviceId: string): Promise<void> {
    if (!confirm(ACCOUNTS_MESSAGES[this.language].confirmRevoke)) return;
    if (this.accept(await accountsApi.revokeDevice(deviceId))) await this.#list.run();
  }

  override render() {
    const m = ACCOUNTS_MESSAGES[this.language];
    return html`
      <h2>${m.devicesTitle}</h2>
      ${this.renderNotice()}
      ${
        this.enrolled
          ? html`<div class="token" role="status">
              <strong>${this.enrolled.deviceId}</strong> — ${m.tokenOnce}
              <code>${this.enrolled.token}</code>
              <button @click=${() => (this.enrolled = null)}>${m.tokenHide}</button>
            </div>`
          : null
      }
      ${this.renderLoaded(
        this.#list,
        (list) => html`
          <form class="inline" @submit=${this.#enroll} aria-label=${m.enrollDevice}>
            <label
              >${m.gate}<select name="gateId" required>
                ${list.gates.map((gate) => html`<option value=${gate.id}>${gate.name}</option>`)}
              </select></label
            >
            <label>${m.deviceId}<input name="deviceId" size="16" pattern="[A-Za-z0-9._:\\-]+" /></label>
            <label>${m.label}<input name="label" size="16" maxlength="80" /></label>
            <button class="primary" type="submit" ?disabled=${this.busy}>${m.enroll}</button>
          </form>
          ${list.gates.map((gate) => this.#gate(list, gate.id, gate.name))}
        `,
      )}
    `;
  }

  #gate(list: DeviceListResponse, gateId: string, name: string) {
    const m = ACCOUNTS_MESSAGES[this.language];
    const devices = list.devices.filter((device) => device.gateId === gateId);
    return html`
      <h3>${name}</h3>
      ${
        devices.length === 0
          ? html`<p class="muted">${m.noDevices}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>${m.device}</th>
                  <th>${m.label}</th>
                  <th>${m.enrolledAt}</th>
                  <th>${m.lastSeen}</th>
                  <th>${m.status}</th>
                  <th>${m.actions}</th>
                </tr>
              </thead>
              <tbody>
                ${devices.map(
                  (device) =>
                    html`<tr>
                      <td class="num">${device.id}</td>
                      <td>${device.label ?? '—'}</td>
                      <td class="num">${formatInstant(device.enrolledAt, this.language, { gateId: device.gateId })}</td>
                      <td class="num">
                        ${device.lastSeenAt ? formatInstant(device.lastSeenAt, this.language, { gateId: device.gateId }) : m.never}
                      </td>
                      <td class=${device.revokedAt ? 'revoked' : ''}>
                        ${device.revokedAt ? `${m.revoked} ${formatInstant(device.revokedAt, this.language, { gateId: device.gateId })}` : m.active}
                      </td>
                      <td>
                        ${device.revokedAt ? null : html`<button @click=${() => this.#revoke(device.id)}>${m.revoke}</button>`}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    `;
  }
}
customElements.define('cp-devices-page', CpDevicesPage);
