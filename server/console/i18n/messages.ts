import type { Language } from './language.ts';
import { decisionText, RECORD_WORDS } from '../../../protocol/record-words.ts';
import type { AbandonReason, Decision, Direction, EntryFlag, ReadingSource, SubjectCategory } from '../../../protocol/entry.ts';

/** The console's words, zh-CN first; English has the same keys, so a missing string is a type error. */
const zhCN = {
  code: 'zh-CN' as Language,
  title: '出入口登记查询',
  language: 'English',
  username: '用户名',
  password: '密码',
  signIn: '登录',
  signingIn: '正在登录…',
  signOut: '退出',
  signedInAs: '当前用户',
  navigation: '页面导航',
  noPagesForRole: '您的账号没有可用的页面，请联系管理员。',
  badCredentials: '用户名或密码错误',
  tooManyAttempts: '登录失败次数过多，请 15 分钟后再试',
  networkError: '无法连接服务器',
  latestEntries: '最新通行记录',
  refreshedAt: '更新于',
  refreshing: '正在更新…',
  time: '时间',
  gate: '出入口',
  direction: '方向',
  person: '人员',
  idMasked: '证件号',
  temperature: '体温',
  decision: '结果',
  flags: '标记',
  readings: '全部读数',
  noEntries: '暂无记录',
  loadOlder: '加载更早的记录',
  loading: '正在加载…',
  noOlder: '没有更早的记录了',
  forbidden: '您的账号无权进行此操作',
  loadFailed: '加载失败：',
};

export type Messages = { [K in keyof typeof zhCN]: K extends 'code' ? Language : string };

const en: Messages = {
  code: 'en',
  title: 'Checkpoint entry review',
  language: '中文',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  navigation: 'Pages',
  noPagesForRole: 'Your account has no pages here: ask an administrator.',
  badCredentials: 'Wrong username or password',
  tooManyAttempts: 'Too many failed sign-ins; try again in 15 minutes',
  networkError: 'Cannot reach the server',
  latestEntries: 'Latest entries',
  refreshedAt: 'Updated',
  refreshing: 'Updating…',
  time: 'Time',
  gate: 'Gate',
  direction: 'Direction',
  person: 'Person',
  idMasked: 'ID no.',
  temperature: 'Temperature',
  decision: 'Decision',
  flags: 'Flags',
  readings: 'All readings',
  noEntries: 'No entries yet',
  loadOlder: 'Load older entries',
  loading: 'Loading…',
  noOlder: 'No older entries',
  forbidden: 'Your account may not do this',
  loadFailed: 'Could not load: ',
};

export const MESSAGES: Record<Language, Messages> = { 'zh-CN': zhCN, en };

/** The record's codes in words (shared with the CSV exports); `m` names the language. */
export const label = {
  direction: (m: Messages, value: Direction) => RECORD_WORDS[m.code].direction[value],
  category: (m: Messages, value: SubjectCategory) => RECORD_WORDS[m.code].category[value],
  source: (m: Messages, value: ReadingSource) => RECORD_WORDS[m.code].source[value],
  decision: (m: Messages, value: Decision, abandonReason: AbandonReason | null = null) =>
    decisionText(m.code, value, abandonReason),
  flag: (m: Messages, value: EntryFlag) => RECORD_WORDS[m.code].flag[value],
};
