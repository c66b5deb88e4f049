import { css, html, LitElement } from 'lit';
import type { DeviceEnrollResponse, DeviceListResponse } from '../../../protocol/accounts.ts';
import { accountsApi } from '../api/accounts-api.ts';
import { ACCOUNTS_MESSAGES } from '../i18n/accounts-messages.ts';
import { failureText, formFields } from '../shared/admin-feedback.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import type { ApiResult } from '../api/console-api.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formatInstant } from '../shared/format-instant.ts';
import type { Language } from '../i18n/messages.ts';
import { ROSTER_MESSAGES } from '../i18n/roster-messages.ts';

/** Admin: the devices at each gate with when they were last seen; enrol one (token shown once) or revoke it. */
export class CpDevicesPage extends LitElement {
  static override properties = {
    language: {},
    list: { state: true },
    problem: { state: true },
    enrolled: { state: true },
    busy: { state: true },
  };
  declare language: Language;
  declare list: DeviceListResponse | null;
  declare problem: string | null;
  declare enrolled: DeviceEnrollResponse | null;
  declare busy: boolean;

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
    this.language = 'zh-CN';
    this.list = null;
    this.problem = null;
    this.enrolled = null;
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  #accept<T>(result: ApiResult<T>): result is { ok: true; value: T } {
    if (result.ok) return true;
    this.problem = failureText(this, result, ROSTER_MESSAGES[this.language]);
    return false;
  }

  async #load(): Promise<void> {
    const result = await accountsApi.devices();
    if (this.#accept(result)) this.list = result.value;
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
    if (!this.#accept(result)) return;
    this.problem = null;
    this.enrolled = result.value;
    form.reset();
    await this.#load();
  }

  async #revoke(deviceId: string): Promise<void> {
    if (!confirm(ACCOUNTS_MESSAGES[this.language].confirmRevoke)) return;
    if (this.#accept(await accountsApi.revokeDevice(deviceId))) await this.#load();
  }

  override render() {
    const m = ACCOUNTS_MESSAGES[this.language];
    const list = this.list;
    return html`
      <h2>${m.devicesTitle}</h2>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : null}
      ${
        this.enrolled
          ? html`<div class="token" role="status">
              <strong>${this.enrolled.deviceId}</strong> — ${m.tokenOnce}
              <code>${this.enrolled.token}</code>
              <button @click=${() => (this.enrolled = null)}>${m.tokenHide}</button>
            </div>`
          : null
      }
      ${
        list
          ? html`
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
              ${list.gates.map((gate) => this.#gate(gate.id, gate.name))}
            `
          : html`<p>${m.loading}</p>`
      }
    `;
  }

  #gate(gateId: string, name: string) {
    const m = ACCOUNTS_MESSAGES[this.language];
    const devices = this.list?.devices.filter((device) => device.gateId === gateId) ?? [];
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
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${devices.map(
                  (device) =>
                    html`<tr>
                      <td class="num">${device.id}</td>
                      <td>${device.label ?? '—'}</td>
                      <td class="num">${formatInstant(device.enrolledAt, this.language)}</td>
                      <td class="num">${device.lastSeenAt ? formatInstant(device.lastSeenAt, this.language) : m.never}</td>
                      <td class=${device.revokedAt ? 'revoked' : ''}>
                        ${device.revokedAt ? `${m.revoked} ${formatInstant(device.revokedAt, this.language)}` : m.active}
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
