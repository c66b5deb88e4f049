import { css, html, nothing } from 'lit';
import { CHILD_LEVEL, type LevelNames, type OrgTreeNode, type OrgTreeResponse } from '../../../protocol/org.ts';
import { zonedTime } from '../../../protocol/zoned-time.ts';
import { fetchSession } from '../api/console-api.ts';
import { orgApi } from '../api/org-api.ts';
import { ORG_MESSAGES } from '../i18n/org-messages.ts';
import { adminStyles } from '../shared/admin-styles.ts';
import { ConsolePage } from '../shared/console-page.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formFields } from '../shared/form-fields.ts';

const LEVELS = ['district', 'street', 'community', 'compound'] as const;
/** Every IANA zone the browser knows, offered while typing one. */
const ZONES = Intl.supportedValuesOf('timeZone');

/**
 * The organisation tree the user sees (their node and everything below), each compound with its
 * time zone and the time there now. Administrators rename units, add units below, set a compound's
 * zone (or every compound's below a node) and name the levels; the server keeps each within scope.
 */
export class CpOrgPage extends ConsolePage {
  static override properties = { ...ConsolePage.properties, editing: { state: true } };
  /** The node whose edit forms are open. */
  declare editing: string | null;
  readonly #tree = this.loader(
    () => [],
    () => orgApi.tree(),
  );
  readonly #session = this.loader(
    () => [],
    () => fetchSession(),
  );

  static override styles = [
    consoleStyles,
    adminStyles,
    css`
      ul.tree,
      ul.tree ul {
        list-style: none;
        margin: 0;
        padding-left: 22px;
      }
      ul.tree {
        padding: 8px 12px;
        background: #fff;
        border: 1px solid #c8d1db;
      }
      .node {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 10px;
        padding: 4px 0;
        border-bottom: 1px solid #e3e8ee;
      }
      .level {
        min-width: 4em;
        color: #555;
      }
      .name {
        font-weight: 700;
      }
      .zone {
        font-family: ui-monospace, monospace;
      }
      details.levels {
        margin: 10px 0;
      }
    `,
  ];

  constructor() {
    super();
    this.editing = null;
  }

  /** A change to the tree: reload the page's copy and tell the shell, whose choice of unit lists it. */
  async #changed(text: string): Promise<void> {
    this.done(text);
    await this.#tree.run();
    this.dispatchEvent(new CustomEvent('org-changed', { bubbles: true, composed: true }));
  }

  async #rename(node: OrgTreeNode, event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const name = formFields(event.target as HTMLFormElement).name ?? '';
    if (this.accept(await orgApi.rename(node.id, name))) await this.#changed(ORG_MESSAGES[this.language].renamed);
  }

  async #add(node: OrgTreeNode, event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = formFields(form).name ?? '';
    if (node.level === 'compound') return;
    const result = await orgApi.addNode({ parentId: node.id, level: CHILD_LEVEL[node.level], name });
    if (!this.accept(result)) return;
    form.reset();
    await this.#changed(`${ORG_MESSAGES[this.language].added}: ${result.value.name}`);
  }

  async #setZone(node: OrgTreeNode, event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const zone = formFields(event.target as HTMLFormElement).timeZone ?? '';
    const result = await orgApi.setTimeZone(node.id, zone);
    if (this.accept(result)) await this.#changed(`${ORG_MESSAGES[this.language].timeZoneSaved}${result.value.compounds}`);
  }

  async #saveLevelNames(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const fields = formFields(event.target as HTMLFormElement);
    const names = Object.fromEntries(
      LEVELS.map((level) => [level, { 'zh-CN': fields[`${level}-zh`] ?? '', en: fields[`${level}-en`] ?? '' }]),
    ) as LevelNames;
    if (this.accept(await orgApi.setLevelNames(names))) await this.#changed(ORG_MESSAGES[this.language].levelNamesSaved);
  }

  #renderLevelNames(names: LevelNames) {
    const o = ORG_MESSAGES[this.language];
    return html`<details class="levels">
      <summary>${o.levelNames}</summary>
      <p class="muted">${o.levelNamesHint}</p>
      <form class="inline" aria-label=${o.levelNames} @submit=${this.#saveLevelNames}>
        ${LEVELS.map(
          (level) =>
            html`<label
                >${names[level][this.language]} · ${o.nameZh}<input
                  name="${level}-zh"
                  .value=${names[level]['zh-CN']}
                  required
                  maxlength="20"
              /></label>
              <label
                >${names[level][this.language]} · ${o.nameEn}<input
                  name="${level}-en"
                  .value=${names[level].en}
                  required
                  maxlength="30"
              /></label>`,
        )}
        <button class="primary" type="submit">${o.save}</button>
      </form>
    </details>`;
  }

  #renderEditing(node: OrgTreeNode, names: LevelNames) {
    const o = ORG_MESSAGES[this.language];
    return html`
      <form class="inline" aria-label="${o.rename} ${node.name}" @submit=${(e: SubmitEvent) => this.#rename(node, e)}>
        <label>${o.newName}<input name="name" .value=${node.name} required maxlength="80" /></label>
        <button type="submit">${o.rename}</button>
      </form>
      ${
        node.level === 'compound'
          ? nothing
          : html`<form class="inline" aria-label="${o.addChild} ${node.name}" @submit=${(e: SubmitEvent) => this.#add(node, e)}>
              <label
                >${o.childName} (${names[CHILD_LEVEL[node.level]][this.language]})<input name="name" required maxlength="80"
              /></label>
              <button type="submit">${o.addChild}</button>
            </form>`
      }
      <form class="inline" aria-label="${o.setTimeZone} ${node.name}" @submit=${(e: SubmitEvent) => this.#setZone(node, e)}>
        <label
          >${o.timeZone}<input
            name="timeZone"
            list="zones"
            .value=${node.timeZone ?? ''}
            required
            maxlength="64"
            placeholder="Asia/Shanghai"
        /></label>
        <button type="submit">${o.setTimeZone}</button>
        <span class="muted">${o.timeZoneHint}</span>
      </form>
    `;
  }

  #renderNode(node: OrgTreeNode, tree: OrgTreeResponse, admin: boolean, now: Date): unknown {
    const o = ORG_MESSAGES[this.language];
    const names = tree.levelNames;
    const children = tree.nodes.filter((n) => n.parentId === node.id);
    const local = node.timeZone ? zonedTime(now, node.timeZone) : null;
    return html`<li>
      <div class="node">
        <span class="level">${names[node.level][this.language]}</span>
        <span class="name">${node.name}</span>
        ${
          local
            ? html`<span class="zone">${node.timeZone} (${local.offset})</span>
                <span class="muted">${o.now} ${local.date} ${local.time.slice(0, 5)}</span>`
            : nothing
        }
        ${
          admin
            ? html`<button
                aria-label="${o.edit} ${node.name}"
                aria-expanded=${this.editing === node.id ? 'true' : 'false'}
                @click=${() => (this.editing = this.editing === node.id ? null : node.id)}
              >
                ${o.edit}
              </button>`
            : nothing
        }
      </div>
      ${this.editing === node.id ? this.#renderEditing(node, names) : nothing}
      ${
        children.length > 0
          ? html`<ul>
              ${children.map((child) => this.#renderNode(child, tree, admin, now))}
            </ul>`
          : nothing
      }
    </li>`;
  }

  override render() {
    const o = ORG_MESSAGES[this.language];
    const admin = this.#session.value?.role === 'admin';
    return html`
      <h2>${o.organisation}</h2>
      ${this.renderNotice()}
      ${this.renderLoaded(this.#tree, (tree) => {
        const root = tree.nodes.find((n) => n.id === tree.root);
        return html`${admin ? this.#renderLevelNames(tree.levelNames) : nothing}
          <datalist id="zones">${ZONES.map((zone) => html`<option value=${zone}></option>`)}</datalist>
          <ul class="tree">
            ${root ? this.#renderNode(root, tree, admin, new Date()) : nothing}
          </ul>`;
      })}
    `;
  }
}
customElements.define('cp-org-page', CpOrgPage);
