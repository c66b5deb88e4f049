import { html, type TemplateResult } from 'lit';
import type { UserRole } from '../../../protocol/review.ts';
import '../review/cp-entry-log.ts';
import '../accounts/cp-audit-page.ts';
import '../accounts/cp-devices-page.ts';
import '../accounts/cp-users-page.ts';
import '../operations/cp-fleet-page.ts';
import '../org/cp-org-page.ts';
import '../rollups/cp-rollups-page.ts';
import '../reports/cp-reports-page.ts';
import '../review/cp-contacts.ts';
import '../review/cp-epidemic-free.ts';
import '../review/cp-fever-events.ts';
import '../review/cp-figures.ts';
import '../review/cp-person-timeline.ts';
import '../review/cp-sweep.ts';
import '../roster/cp-gates-page.ts';
import '../roster/cp-import-page.ts';
import '../roster/cp-roster-page.ts';
import '../roster/cp-rules-page.ts';
import '../roster/cp-watch-page.ts';
import type { Language } from '../i18n/language.ts';

/**
 * The console's pages. A feature adds its page here — one entry, its own component and its own
 * messages — and the shell gives it a tab for the roles that may open it. The server checks the
 * role again on every route: hiding a tab is convenience, not access control.
 */
/** The admin's navigation in four groups, so fifteen pages fit one screen width in either language. */
export const GROUPS = [
  { id: 'review', title: { 'zh-CN': '查询', en: 'Review' } },
  { id: 'figures', title: { 'zh-CN': '统计', en: 'Figures' } },
  { id: 'roster', title: { 'zh-CN': '花名册与规则', en: 'Roster & rules' } },
  { id: 'admin', title: { 'zh-CN': '系统管理', en: 'Administration' } },
] as const satisfies readonly { id: string; title: Record<Language, string> }[];

export type PageGroup = (typeof GROUPS)[number]['id'];

export interface ConsolePage {
  /** The hash route: `#/entries`. */
  id: string;
  group: PageGroup;
  title: Record<Language, string>;
  roles: readonly UserRole[];
  render: (language: Language) => TemplateResult;
}

export const PAGES: readonly ConsolePage[] = [
  {
    id: 'entries',
    group: 'review',
    title: { 'zh-CN': '通行记录', en: 'Entries' },
    roles: ['community', 'admin'],
    render: (language) => html`<cp-entry-log .language=${language}></cp-entry-log>`,
  },
  {
    id: 'fevers',
    group: 'review',
    title: { 'zh-CN': '发热事件', en: 'Fevers' },
    roles: ['community', 'admin'],
    render: (language) => html`<cp-fever-events .language=${language}></cp-fever-events>`,
  },
  {
    id: 'timeline',
    group: 'review',
    title: { 'zh-CN': '行动轨迹', en: 'Timeline' },
    roles: ['community', 'admin'],
    render: (language) => html`<cp-person-timeline .language=${language}></cp-person-timeline>`,
  },
  {
    id: 'contacts',
    group: 'review',
    title: { 'zh-CN': '密接查询', en: 'Contacts' },
    roles: ['community', 'admin'],
    render: (language) => html`<cp-contacts .language=${language}></cp-contacts>`,
  },
  {
    id: 'figures',
    group: 'figures',
    title: { 'zh-CN': '每日统计', en: 'Figures' },
    roles: ['property', 'community', 'admin'],
    render: (language) => html`<cp-figures .language=${language}></cp-figures>`,
  },
  {
    id: 'rollups',
    group: 'figures',
    title: { 'zh-CN': '汇总统计', en: 'Roll-ups' },
    roles: ['property', 'community', 'admin'],
    render: (language) => html`<cp-rollups-page .language=${language}></cp-rollups-page>`,
  },
  {
    id: 'reports',
    group: 'figures',
    title: { 'zh-CN': '社区日报', en: 'Daily report' },
    roles: ['community', 'admin'],
    render: (language) => html`<cp-reports-page .language=${language}></cp-reports-page>`,
  },
  {
    id: 'sweep',
    group: 'figures',
    title: { 'zh-CN': '入户排查', en: 'Sweep' },
    roles: ['property', 'community', 'admin'],
    render: (language) => html`<cp-sweep .language=${language}></cp-sweep>`,
  },
  {
    id: 'epidemic-free',
    group: 'figures',
    title: { 'zh-CN': '无疫小区', en: 'Epidemic-free' },
    roles: ['community', 'admin'],
    render: (language) => html`<cp-epidemic-free .language=${language}></cp-epidemic-free>`,
  },
  {
    id: 'roster',
    group: 'roster',
    title: { 'zh-CN': '花名册', en: 'Roster' },
    roles: ['property', 'admin'],
    render: (language) => html`<cp-roster-page .language=${language}></cp-roster-page>`,
  },
  {
    id: 'roster-import',
    group: 'roster',
    title: { 'zh-CN': '导入', en: 'Import' },
    roles: ['property', 'admin'],
    render: (language) => html`<cp-import-page .language=${language}></cp-import-page>`,
  },
  {
    id: 'gates',
    group: 'roster',
    title: { 'zh-CN': '出入口与访客', en: 'Gates & visitors' },
    roles: ['property', 'admin'],
    render: (language) => html`<cp-gates-page .language=${language}></cp-gates-page>`,
  },
  {
    id: 'watch',
    group: 'roster',
    title: { 'zh-CN': '重点人员', en: 'Watch list' },
    roles: ['community', 'admin'],
    render: (language) => html`<cp-watch-page .language=${language}></cp-watch-page>`,
  },
  {
    id: 'rules',
    group: 'roster',
    title: { 'zh-CN': '规则与问题', en: 'Rules & questions' },
    roles: ['community', 'admin'],
    render: (language) => html`<cp-rules-page .language=${language}></cp-rules-page>`,
  },
  {
    id: 'org',
    group: 'admin',
    title: { 'zh-CN': '组织架构', en: 'Organisation' },
    roles: ['property', 'community', 'admin'],
    render: (language) => html`<cp-org-page .language=${language}></cp-org-page>`,
  },
  {
    id: 'devices',
    group: 'admin',
    title: { 'zh-CN': '设备', en: 'Devices' },
    roles: ['admin'],
    render: (language) => html`<cp-devices-page .language=${language}></cp-devices-page>`,
  },
  {
    id: 'users',
    group: 'admin',
    title: { 'zh-CN': '账号', en: 'Accounts' },
    roles: ['admin'],
    render: (language) => html`<cp-users-page .language=${language}></cp-users-page>`,
  },
  {
    id: 'fleet',
    group: 'admin',
    title: { 'zh-CN': '运行状况', en: 'Fleet' },
    roles: ['admin'],
    render: (language) => html`<cp-fleet-page .language=${language}></cp-fleet-page>`,
  },
  {
    id: 'audit',
    group: 'admin',
    title: { 'zh-CN': '审计日志', en: 'Audit log' },
    roles: ['admin'],
    render: (language) => html`<cp-audit-page .language=${language}></cp-audit-page>`,
  },
];

export function pagesFor(role: UserRole): ConsolePage[] {
  return PAGES.filter((page) => page.roles.includes(role));
}
