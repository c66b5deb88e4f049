import { html } from 'lit';
import type { UserView } from '../../../protocol/accounts.ts';
import { UserRole } from '../../../protocol/review.ts';
import { GUARD_PIN_DIGITS } from '../../../protocol/guard-pin.ts';
import { accountsApi } from '../api/accounts-api.ts';
import type { ApiResult } from '../api/console-api.ts';
import { ACCOUNTS_MESSAGES, roleLabel } from '../i18n/accounts-messages.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import { ConsolePage } from '../shared/console-page.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formatInstant } from '../shared/format-instant.ts';
import { formFields } from '../shared/form-fields.ts';

/** Admin: accounts with their roles; create, change role, disable or enable, reset a password. */
export class CpUsersPage extends ConsolePage {
  static override properties = { ...ConsolePage.properties, resetting: { state: true }, settingPin: { state: true } };
  /** The user whose password form is open. */
  declare resetting: string | null;
  /** The guard whose PIN form is open. */
  declare settingPin: string | null;
  readonly #users = this.loader(
    () => [],
    () => accountsApi.users(),
  );

  static override styles = [consoleStyles, adminStyles];

  constructor() {
    super();
    this.resetting = null;
    this.settingPin = null;
  }

  async #saved<T>(result: ApiResult<T>): Promise<boolean> {
    if (!this.accept(result)) return false;
    this.done(ACCOUNTS_MESSAGES[this.language].saved);
    await this.#users.run();
    return true;
  }

  async #create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const fields = formFields(form);
    const role = UserRole.safeParse(fields.role);
    if (!role.success) return;
    if (
      await this.#saved(
        await accountsApi.createUser({ username: fields.username ?? '', password: fields.password ?? '', role: role.data }),
      )
    )
      form.reset();
  }

  async #changeRole(user: UserView, event: Event): Promise<void> {
    const role = UserRole.safeParse((event.target as HTMLSelectElement).value);
    if (role.success && role.data !== user.role) await this.#saved(await accountsApi.updateUser(user.id, { role: role.data }));
  }

  async #reset(user: UserView, event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const password = formFields(event.target as HTMLFormElement).password ?? '';
    if (await this.#saved(await accountsApi.resetPassword(user.id, password))) this.resetting = null;
  }

  async #setPin(user: UserView, event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const pin = formFields(event.target as HTMLFormElement).pin ?? '';
    if (await this.#saved(await accountsApi.setGuardPin(user.id, pin))) this.settingPin = null;
  }

  /** A guard's PIN as the console knows it: how many digits, and a warning below six. */
  #pin(user: UserView) {
    const m = ACCOUNTS_MESSAGES[this.language];
    if (user.role !== 'guard') return '—';
    if (!user.guardPin) return m.pinNone;
    const { digits } = user.guardPin;
    if (digits === null) return html`<span class="bad" data-test="pin-warning">${m.pinLengthUnknown}</span>`;
    const n = String(digits);
    if (digits < GUARD_PIN_DIGITS.advised)
      return html`<span class="bad" data-test="pin-warning">${m.pinShort.replace('{n}', n)}</span>`;
    return m.pinDigits.replace('{n}', n);
  }

  override render() {
    const m = ACCOUNTS_MESSAGES[this.language];
    return html`
      <h2>${m.usersTitle}</h2>
      <form class="inline" @submit=${this.#create} aria-label=${m.newUser}>
        <label>${m.username}<input name="username" required maxlength="64" autocomplete="off" /></label>
        <label>${m.password}<input name="password" type="password" required minlength="10" autocomplete="new-password" /></label>
        <label
          >${m.role}<select name="role">
            ${UserRole.options.map((role) => html`<option value=${role}>${roleLabel(m, role)}</option>`)}
          </select></label
        >
        <button class="primary" type="submit">${m.create}</button>
      </form>
      ${this.renderNotice()}
      ${this.renderLoaded(
        this.#users,
        ({ users }) =>
          html`<table>
            <thead>
              <tr>
                <th>${m.username}</th>
                <th>${m.role}</th>
                <th>${m.createdAt}</th>
                <th>${m.status}</th>
                <th>${m.kioskPin}</th>
                <th>${m.actions}</th>
              </tr>
            </thead>
            <tbody>
              ${users.map((user: UserView) => this.#row(user))}
            </tbody>
          </table>`,
      )}
    `;
  }

  #row(user: UserView) {
    const m = ACCOUNTS_MESSAGES[this.language];
    return html`<tr>
      <td>${user.username}</td>
      <td>
        <select aria-label="${m.role} ${user.username}" @change=${(event: Event) => this.#changeRole(user, event)}>
          ${UserRole.options.map((role) => html`<option value=${role} ?selected=${role === user.role}>${roleLabel(m, role)}</option>`)}
        </select>
      </td>
      <td class="num">${formatInstant(user.createdAt, this.language, { compoundId: user.compoundId ?? undefined })}</td>
      <td>${user.disabledAt ? html`<span class="bad">${m.disabled}</span>` : m.active}</td>
      <td>${this.#pin(user)}</td>
      <td>
        <button @click=${async () => this.#saved(await accountsApi.updateUser(user.id, { disabled: user.disabledAt === null }))}>
          ${user.disabledAt ? m.enable : m.disable}
        </button>
        ${
          this.resetting === user.id
            ? html`<form class="inline" @submit=${(event: SubmitEvent) => this.#reset(user, event)}>
                <label
                  >${m.newPassword}<input name="password" type="password" required minlength="10" autocomplete="new-password"
                /></label>
                <button class="primary" type="submit">${m.save}</button>
                <button type="button" @click=${() => (this.resetting = null)}>${m.cancel}</button>
              </form>`
            : html`<button @click=${() => (this.resetting = user.id)}>${m.resetPassword}</button>`
        }
        ${
          user.role !== 'guard'
            ? null
            : this.settingPin === user.id
              ? html`<form class="inline" @submit=${(event: SubmitEvent) => this.#setPin(user, event)}>
                  <label
                    >${m.newPin}<input
                      name="pin"
                      type="password"
                      inputmode="numeric"
                      required
                      pattern="[0-9]{4,6}"
                      maxlength="6"
                      autocomplete="off"
                  /></label>
                  <button class="primary" type="submit">${m.save}</button>
                  <button type="button" @click=${() => (this.settingPin = null)}>${m.cancel}</button>
                </form>`
              : html`<button @click=${() => (this.settingPin = user.id)}>${m.setPin}</button>`
        }
      </td>
    </tr>`;
  }
}
customElements.define('cp-users-page', CpUsersPage);
