import { html, type TemplateResult } from 'lit';
import type { UserRole } from '../../protocol/review.ts';
import './cp-entry-log.ts';
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
];

export function pagesFor(role: UserRole): ConsolePage[] {
  return PAGES.filter((page) => page.roles.includes(role));
}
