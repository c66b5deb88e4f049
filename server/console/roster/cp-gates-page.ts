import { html, LitElement } from 'lit';
import type { GateView, HouseholdView, VisitorPassView } from '../../../protocol/roster-admin.ts';
import { addDays, communityDate } from '../../community-date.ts';
import { adminApi } from '../api/admin-api.ts';
import { failureText, formFields } from '../shared/admin-feedback.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import type { ApiResult } from '../api/console-api.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import type { Language } from '../i18n/messages.ts';
import { qrSvg } from '../shared/qr-path.ts';
import { ROSTER_MESSAGES } from '../i18n/roster-messages.ts';

/** Gates with their devices, and visitor passes registered ahead for households. */
export class CpGatesPage extends LitElement {
  static override properties = {
    language: {},
    gates: { state: true },
    visitors: { state: true },
    households: { state: true },
    status: { state: true },
  };
  declare language: Language;
  declare gates: GateView[] | null;
  declare visitors: VisitorPassView[];
  declare households: HouseholdView[];
  declare status: { ok: boolean; text: string } | null;

  static override styles = [consoleStyles, adminStyles];

  constructor() {
    super();
    this.language = 'zh-CN';
    this.gates = null;
    this.visitors = [];
    this.households = [];
    this.status = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  get #m() {
    return ROSTER_MESSAGES[this.language];
  }

  #accept<T>(result: ApiResult<T>): result is { ok: true; value: T } {
    if (result.ok) return true;
    this.status = { ok: false, text: failureText(this, result, this.#m) };
    return false;
  }

  async #load(): Promise<void> {
    const [gates, visitors, households] = await Promise.all([adminApi.gates(), adminApi.visitors(), adminApi.households()]);
    if (this.#accept(gates)) this.gates = gates.value.gates;
    if (this.#accept(visitors)) this.visitors = visitors.value.visitors;
    if (this.#accept(households)) this.households = households.value.households;
  }

  async #addGate(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = formFields(form);
    if (!this.#accept(await adminApi.addGate({ name: f.name ?? '', isMain: f.isMain === 'on', note: f.note ?? null }))) return;
    form.reset();
    this.status = { ok: true, text: this.#m.saved };
    await this.#load();
  }

  async #makeMain(gate: GateView): Promise<void> {
    if (!this.#accept(await adminApi.updateGate(gate.id, { name: gate.name, isMain: true, note: gate.note }))) return;
    this.status = { ok: true, text: this.#m.saved };
    await this.#load();
  }

  async #addVisitor(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = formFields(form);
    const result = await adminApi.addVisitor({
      name: f.name ?? '',
      hostHouseholdId: f.host ?? '',
      validFrom: f.validFrom ?? '',
      validUntil: f.validUntil ?? '',
      vehiclePlate: f.vehiclePlate ?? null,
    });
    if (!this.#accept(result)) return;
    form.reset();
    this.status = { ok: true, text: `${this.#m.code}: ${result.value.code}` };
    await this.#load();
  }

  async #revoke(pass: VisitorPassView): Promise<void> {
    if (this.#accept(await adminApi.revokeVisitor(pass.id))) await this.#load();
  }

  #address(id: string): string {
    const h = this.households.find((x) => x.id === id);
    return h ? `${h.building}${h.unit}${h.room}` : '';
  }

  override render() {
    const m = this.#m;
    const today = communityDate(new Date());
    return html`
      <div class="status" role="status">
        ${this.status ? html`<span class=${this.status.ok ? 'ok' : 'bad'}>${this.status.text}</span>` : null}
      </div>
      <h2>${m.gates}</h2>
      ${
        this.gates === null
          ? html`<p>${m.loading}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>${m.gateName}</th>
                  <th>${m.note}</th>
                  <th>${m.devices}</th>
                </tr>
              </thead>
              <tbody>
                ${this.gates.map(
                  (g) =>
                    html`<tr>
                      <td>
                        <strong>${g.name}</strong>
                        ${g.isMain ? html`<span class="ok">(${m.mainGate})</span>` : html`<button @click=${() => this.#makeMain(g)}>${m.makeMain}</button>`}
                      </td>
                      <td>${g.note ?? ''}</td>
                      <td>
                        ${
                          g.devices.length === 0
                            ? html`<span class="muted">${m.noDevices}</span>`
                            : g.devices.map(
                                (d) =>
                                  html`<div>
                                    <span class="num">${d.id}</span>
                                    <span class="muted">${m.enrolledAt} ${d.enrolledAt.slice(0, 10)}</span>
                                    ${d.revokedAt ? html`<span class="bad">${m.revoked}</span>` : null}
                                  </div>`,
                              )
                        }
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      <form class="inline" @submit=${this.#addGate}>
        <label>${m.gateName}<input name="name" required size="10" /></label>
        <label>${m.note}<input name="note" size="24" /></label>
        <label class="check"><input name="isMain" type="checkbox" />${m.mainGate}</label>
        <button type="submit">${m.addGate}</button>
      </form>
      <h2>${m.visitors}</h2>
      <table>
        <thead>
          <tr>
            <th>${m.code}</th>
            <th>${m.visitorName}</th>
            <th>${m.host}</th>
            <th>${m.validFrom}</th>
            <th>${m.validUntil}</th>
            <th>${m.plate}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${this.visitors.map(
            (v) =>
              html`<tr>
                <td class="num">${v.revokedAt ? null : qrSvg(v.code, 72)}<br /><strong>${v.code}</strong></td>
                <td>${v.name}</td>
                <td>${this.#address(v.hostHouseholdId)}</td>
                <td class="num">${v.validFrom}</td>
                <td class="num">${v.validUntil}</td>
                <td class="num">${v.vehiclePlate ?? ''}</td>
                <td>
                  ${v.revokedAt ? html`<span class="bad">${m.revoked}</span>` : html`<button @click=${() => this.#revoke(v)}>${m.revoke}</button>`}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <form class="inline" @submit=${this.#addVisitor}>
        <label>${m.visitorName}<input name="name" required size="8" /></label>
        <label
          >${m.host}<select name="host" required>
            <option value="">${m.choose}</option>
            ${this.households.map((h) => html`<option value=${h.id}>${h.building}${h.unit}${h.room}</option>`)}
          </select></label
        >
        <label>${m.validFrom}<input name="validFrom" type="date" required value=${today} /></label>
        <label>${m.validUntil}<input name="validUntil" type="date" required value=${addDays(today, 1)} /></label>
        <label>${m.plate}<input name="vehiclePlate" size="9" /></label>
        <button class="primary" type="submit">${m.addVisitor}</button>
      </form>
    `;
  }
}
customElements.define('cp-gates-page', CpGatesPage);
