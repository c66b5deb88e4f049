import { html, type TemplateResult } from 'lit';
import type { UserRole } from '../../protocol/review.ts';
import './cp-entry-log.ts';
import './cp-gates-page.ts';
import './cp-import-page.ts';
import './cp-roster-page.ts';
import './cp-rules-page.ts';
import './cp-watch-page.ts';
import type { Language } from './messages.ts';

/**
 * The console's pages. A feature adds its page here — one entry, its own component and its own
 * messages — and the shell gives it a tab for the roles that may open it. The server checks the
 * role again on every route: hiding a tab is convenience, not access control.
 */
export interface ConsolePage {
  /** The hash route: `#/entries`. */
  id: string;
  title: Record<Language, string>;
  roles: readonly UserRole[];
  render: (language: Language) => TemplateResult;
}

export const PAGES: readonly ConsolePage[] = [
  {
    id: 'entries',
    title: { 'zh-CN': '通行记录', en: 'Entries' },
    roles: ['community', 'admin'],
    render: (language) => html`<cp-entry-log .language=${language}></cp-entry-log>`,
  },
  {
    id: 'roster',
    title: { 'zh-CN': '花名册', en: 'Roster' },
    roles: ['property', 'admin'],
    render: (language) => html`<cp-roster-page .language=${language}></cp-roster-page>`,
  },
  {
    id: 'roster-import',
    title: { 'zh-CN': '导入', en: 'Import' },
    roles: ['property', 'admin'],
    render: (language) => html`<cp-import-page .language=${language}></cp-import-page>`,
  },
  {
    id: 'gates',
    title: { 'zh-CN': '出入口与访客', en: 'Gates & visitors' },
    roles: ['property', 'admin'],
    render: (language) => html`<cp-gates-page .language=${language}></cp-gates-page>`,
  },
  {
    id: 'watch',
    title: { 'zh-CN': '重点人员', en: 'Watch list' },
    roles: ['community', 'admin'],
    render: (language) => html`<cp-watch-page .language=${language}></cp-watch-page>`,
  },
  {
    id: 'rules',
    title: { 'zh-CN': '规则与问题', en: 'Rules & questions' },
    roles: ['community', 'admin'],
    render: (language) => html`<cp-rules-page .language=${language}></cp-rules-page>`,
  },
];

export function pagesFor(role: UserRole): ConsolePage[] {
  return PAGES.filter((page) => page.roles.includes(role));
}
