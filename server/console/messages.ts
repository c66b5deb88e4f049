import type { Decision, Direction, EntryFlag, ReadingSource, SubjectCategory } from '../../protocol/entry.ts';

/** The console's words, zh-CN first; English has the same keys, so a missing string is a type error. */
const zhCN = {
  title: '出入口登记查询',
  language: 'English',
  username: '用户名',
  password: '密码',
  signIn: '登录',
  signingIn: '正在登录…',
  signOut: '退出',
  signedInAs: '当前用户',
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
  temperature: '最高体温',
  decision: '结果',
  flags: '标记',
  noEntries: '暂无记录',
  loadOlder: '加载更早的记录',
  loading: '正在加载…',
  noOlder: '没有更早的记录了',
  forbidden: '您的账号无权查看通行记录',
  loadFailed: '加载失败：',
  direction_in: '进',
  direction_out: '出',
  category_resident: '居民',
  category_tenant: '租户',
  category_visitor: '访客',
  category_courier: '快递外卖',
  category_staff: '工作人员',
  category_unknown: '未知人员',
  source_infrared: '红外',
  source_axillary: '腋温',
  source_manual: '手工录入',
  decision_admitted: '准许通行',
  decision_denied: '拒绝通行',
  decision_referred: '转送复核',
  flag_fever: '发热',
  'flag_home-observation': '居家观察',
  'flag_close-contact': '密切接触',
  'flag_suspected-case': '疑似病例',
  'flag_unknown-person': '未登记人员',
  'flag_risk-answer': '问询有风险',
  'flag_invalid-id': '证件无效',
};

export type Messages = { [K in keyof typeof zhCN]: string };

const en: Messages = {
  title: 'Checkpoint entry review',
  language: '中文',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
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
  temperature: 'Highest temp.',
  decision: 'Decision',
  flags: 'Flags',
  noEntries: 'No entries yet',
  loadOlder: 'Load older entries',
  loading: 'Loading…',
  noOlder: 'No older entries',
  forbidden: 'Your account may not view entry logs',
  loadFailed: 'Could not load: ',
  direction_in: 'In',
  direction_out: 'Out',
  category_resident: 'Resident',
  category_tenant: 'Tenant',
  category_visitor: 'Visitor',
  category_courier: 'Courier',
  category_staff: 'Staff',
  category_unknown: 'Unknown',
  source_infrared: 'infrared',
  source_axillary: 'axillary',
  source_manual: 'manual',
  decision_admitted: 'Admitted',
  decision_denied: 'Denied',
  decision_referred: 'Referred',
  flag_fever: 'Fever',
  'flag_home-observation': 'Home observation',
  'flag_close-contact': 'Close contact',
  'flag_suspected-case': 'Suspected case',
  'flag_unknown-person': 'Not registered',
  'flag_risk-answer': 'Risk answer',
  'flag_invalid-id': 'Invalid ID',
};

export type Language = 'zh-CN' | 'en';

export const MESSAGES: Record<Language, Messages> = { 'zh-CN': zhCN, en };

export const label = {
  direction: (m: Messages, value: Direction) => m[`direction_${value}`],
  category: (m: Messages, value: SubjectCategory) => m[`category_${value}`],
  source: (m: Messages, value: ReadingSource) => m[`source_${value}`],
  decision: (m: Messages, value: Decision) => m[`decision_${value}`],
  flag: (m: Messages, value: EntryFlag) => m[`flag_${value}`],
};

const STORAGE_KEY = 'checkpoint.console.language';

export function loadLanguage(storage: Pick<Storage, 'getItem'>): Language {
  return storage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

export function saveLanguage(storage: Pick<Storage, 'setItem'>, language: Language): void {
  storage.setItem(STORAGE_KEY, language);
}
