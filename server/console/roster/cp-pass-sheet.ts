import { html, LitElement, css, render } from 'lit';
import type { PassSheet } from '../../../protocol/roster-admin.ts';
import { communityToday } from '../shared/community-time.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import type { Language } from '../i18n/language.ts';
import { qrSvg } from '../shared/qr-path.ts';
import { categoryLabel, ROSTER_MESSAGES } from '../i18n/roster-messages.ts';

/** The cards, one per person; rendered in the page and again into a print window. */
function sheetTemplate(sheet: PassSheet, language: Language) {
  const m = ROSTER_MESSAGES[language];
  return html`
    <div class="cards">
      ${sheet.passes.map(
        (p) =>
          html`<figure class="card">
            <div class="community">${sheet.communityName} · ${m.passSheetTitle}</div>
            ${qrSvg(p.pass, 200)}
            <figcaption><strong>${p.name}</strong> <span>${categoryLabel(m, p.category)}</span><br />${sheet.address}</figcaption>
            <div class="hint">${m.passHint}</div>
            <div class="issued">${m.issuedAt} ${communityToday(new Date(sheet.issuedAt))}</div>
          </figure>`,
      )}
    </div>
  `;
}

const SHEET_STYLES = css`
  .cards {
    display: grid;
    grid-template-columns: repeat(2, 1fr);
    gap: 8mm;
  }
  .card {
    margin: 0;
    padding: 5mm;
    border: 1px dashed #000;
    text-align: center;
    break-inside: avoid;
  }
  .community {
    font-weight: 700;
    font-size: 15px;
    margin-bottom: 2mm;
  }
  figcaption {
    font-size: 18px;
    margin-top: 2mm;
  }
  .hint,
  .issued {
    font-size: 12px;
    margin-top: 2mm;
  }
`;
const PRINT_PAGE_CSS = `body { margin: 10mm; font-family: 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif; color: #000; }`;

/** A household's passes as QR cards, with a button that prints them on their own page. */
export class CpPassSheet extends LitElement {
  static override properties = { language: {}, sheet: { attribute: false } };
  declare language: Language;
  declare sheet: PassSheet | null;

  static override styles = [
    consoleStyles,
    SHEET_STYLES,
    css`
      :host {
        display: block;
        margin: 12px 0;
      }
      .bar {
        display: flex;
        gap: 12px;
        margin-bottom: 8px;
      }
      .card {
        background: #fff;
      }
    `,
  ];

  constructor() {
    super();
    this.language = 'zh-CN';
    this.sheet = null;
  }

  #print(): void {
    if (!this.sheet) return;
    const win = window.open('', '_blank', 'width=800,height=900');
    if (!win) return;
    win.document.title = `${this.sheet.address} ${ROSTER_MESSAGES[this.language].passSheetTitle}`;
    const style = win.document.createElement('style');
    style.textContent = `${PRINT_PAGE_CSS}\n${SHEET_STYLES.cssText}`;
    win.document.head.append(style);
    render(sheetTemplate(this.sheet, this.language), win.document.body);
    win.focus();
    win.print();
  }

  override render() {
    if (!this.sheet) return null;
    const m = ROSTER_MESSAGES[this.language];
    return html`<div class="bar">
        <button class="primary" @click=${this.#print}>${m.print}</button
        ><button @click=${() => this.dispatchEvent(new CustomEvent('close'))}>${m.cancel}</button>
      </div>
      ${sheetTemplate(this.sheet, this.language)}`;
  }
}
customElements.define('cp-pass-sheet', CpPassSheet);
