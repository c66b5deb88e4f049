import { html, nothing } from 'lit';
import { SettingsSource } from '../../../protocol/org.ts';
import { call, type ApiResult } from '../api/console-api.ts';
import { ORG_MESSAGES } from '../i18n/org-messages.ts';
import { ConsolePage } from '../shared/console-page.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { levelName, orgTree, workingNode } from '../shared/org-context.ts';

const source = () => call(SettingsSource, '/api/v1/admin/settings-source');
const followTree = () =>
  call(SettingsSource, '/api/v1/admin/follow-tree', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules: true, questions: true }),
  });

/**
 * Above the rules page: at a street or community, that what is saved here reaches every compound
 * below that follows the tree; at a compound, where its rules and questions come from, and a way
 * back to following the tree after the compound set its own.
 */
/** A street or community chosen in the shell (the user's own top node narrows nothing: its single compound answers). */
function chosenNode() {
  const node = workingNode();
  return node && node.level !== 'compound' && node.id !== orgTree()?.root ? node : null;
}

export class CpSettingsSource extends ConsolePage {
  readonly #source = this.loader(
    () => [],
    async (): Promise<ApiResult<SettingsSource | null>> => (chosenNode() ? { ok: true, value: null } : source()),
  );

  static override styles = [consoleStyles];

  async #follow(): Promise<void> {
    if (!this.accept(await followTree())) return;
    await this.#source.run();
    this.dispatchEvent(new CustomEvent('followed', { bubbles: true, composed: true }));
  }

  override render() {
    const o = ORG_MESSAGES[this.language];
    const node = chosenNode();
    if (node) return html`<p class="muted">${levelName(node.level, this.language)} ${node.name}: ${o.setForBelow}</p>`;
    return html`${this.renderLoaded(this.#source, (s) => {
      if (!s) return nothing;
      const from = (n: SettingsSource['rulesFrom']) => (n ? `${levelName(n.level, this.language)} ${n.name}` : o.ownSettings);
      return html`<p>
          ${o.rulesFrom}: <strong>${from(s.rulesFrom)}</strong> · ${o.questionsFrom}: <strong>${from(s.questionsFrom)}</strong>
          <button @click=${this.#follow}>${o.followTree}</button>
        </p>
        ${this.renderNotice()}`;
    })}`;
  }
}
customElements.define('cp-settings-source', CpSettingsSource);
