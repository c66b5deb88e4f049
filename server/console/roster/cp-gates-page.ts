import { html } from 'lit';
import { ConsolePage } from '../shared/console-page.ts';
import type { GateView, HouseholdView, VisitorPassView } from '../../../protocol/roster-admin.ts';
import { addDays, communityToday } from '../shared/community-time.ts';
import { adminApi } from '../api/admin-api.ts';
import { formFields } from '../shared/form-fields.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { qrSvg } from '../shared/qr-path.ts';
import { ROSTER_MESSAGES } from '../i18n/roster-messages.ts';
import { OFFSET_LEARNING, type DeviceOffsetView } from '../../../protocol/device-offset.ts';
import { fillTemplate } from '../shared/fill-template.ts';
import { formatInstant } from '../shared/format-instant.ts';

/**
 * Gates with their devices (and what each device's thermometer has learnt from the armpit checks),
 * and visitor passes registered ahead for households.
 */
export class CpGatesPage extends ConsolePage {
  static override properties = {
    ...ConsolePage.properties,
  };
  readonly #gates = this.loader(
    () => [],
    () => adminApi.gates(),
  );
  readonly #offsets = this.loader(
    () => [],
    () => adminApi.gateOffsets(),
  );
  readonly #visitors = this.loader(
    () => [],
    () => adminApi.visitors(),
  );
  readonly #households = this.loader(
    () => [],
    () => adminApi.households(),
  );

  static override styles = [consoleStyles, adminStyles];

  constructor() {
    super();
  }

  get #m() {
    return ROSTER_MESSAGES[this.language];
  }

  async #load(): Promise<void> {
    await Promise.all([this.#gates.run(), this.#offsets.run(), this.#visitors.run()]);
  }

  get #householdList(): HouseholdView[] {
    return this.#households.value?.households ?? [];
  }

  async #addGate(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = formFields(form);
    if (!this.accept(await adminApi.addGate({ name: f.name ?? '', isMain: f.isMain === 'on', note: f.note ?? null }))) return;
    form.reset();
    this.done(this.#m.saved);
    await this.#load();
  }

  async #makeMain(gate: GateView): Promise<void> {
    if (!this.accept(await adminApi.updateGate(gate.id, { name: gate.name, isMain: true, note: gate.note }))) return;
    this.done(this.#m.saved);
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
    if (!this.accept(result)) return;
    form.reset();
    this.done(`${this.#m.code}: ${result.value.code}`);
    await this.#load();
  }

  async #revoke(pass: VisitorPassView): Promise<void> {
    if (this.accept(await adminApi.revokeVisitor(pass.id))) await this.#load();
  }

  #address(id: string): string {
    const h = this.#householdList.find((x) => x.id === id);
    return h ? `${h.building}${h.unit}${h.room}` : '';
  }

  /** The learnt offset of a device's thermometer, per site, from the armpit checks since its calibration. */
  #renderOffset(deviceId: string) {
    const m = this.#m;
    const view: DeviceOffsetView | undefined = this.#offsets.value?.devices.find((d) => d.deviceId === deviceId);
    if (!view) return null;
    const date = (iso: string) => formatInstant(iso, this.language).slice(0, 10);
    const calibration = view.calibratedAt
      ? fillTemplate(m.offsetCalibrated, { date: date(view.calibratedAt) })
      : fillTemplate(m.offsetNoCalibration, { days: String(OFFSET_LEARNING.windowDays) });
    return html`<div class="offset" data-test="device-offset">
      <span class="muted">${m.offsetTitle} · ${calibration}</span>
      ${view.sites.length === 0 ? html`<div class="muted">${m.offsetNone}</div>` : null}
      ${view.sites.map(({ site, learnt, lastPairAt }) => {
        const line = fillTemplate(m.offsetLine, {
          site: m[`site_${site.replaceAll('-', '_')}` as 'site_forehead'],
          direction: learnt.offsetC >= 0 ? m.offsetHigh : m.offsetLow,
          offset: Math.abs(learnt.offsetC).toFixed(2),
          sd: learnt.sdC.toFixed(2),
          pairs: String(learnt.pairs),
          last: formatInstant(lastPairAt, this.language),
        });
        const use = learnt.inUse
          ? m.offsetInUse
          : fillTemplate(m.offsetNotYet, { n: String(OFFSET_LEARNING.minPairs), sd: OFFSET_LEARNING.maxSdC.toFixed(2) });
        return html`<div data-test="offset-${site}">
          ${line} · <span class=${learnt.inUse ? 'ok' : 'muted'}>${use}</span>
          ${learnt.disagrees ? html`<div class="bad" role="alert" data-test="offset-disagrees">⚠ ${m.offsetDisagrees}</div>` : null}
        </div>`;
      })}
    </div>`;
  }

  override render() {
    const m = this.#m;
    const today = communityToday();
    return html`
      ${this.renderNotice()}
      <h2>${m.gates}</h2>
      ${this.renderLoaded(
        this.#gates,
        ({ gates }) =>
          html`<table>
            <thead>
              <tr>
                <th>${m.gateName}</th>
                <th>${m.note}</th>
                <th>${m.devices}</th>
              </tr>
            </thead>
            <tbody>
              ${gates.map(
                (g: GateView) =>
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
                                  ${d.revokedAt ? html`<span class="bad">${m.revoked}</span>` : null} ${this.#renderOffset(d.id)}
                                </div>`,
                            )
                      }
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
      )}
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
            <th>${m.actions}</th>
          </tr>
        </thead>
        <tbody>
          ${(this.#visitors.value?.visitors ?? []).map(
            (v: VisitorPassView) =>
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
            ${this.#householdList.map((h) => html`<option value=${h.id}>${h.building}${h.unit}${h.room}</option>`)}
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
