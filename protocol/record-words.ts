import type { AbandonReason, Decision, Direction, EntryFlag, ReadingSource, SubjectCategory } from './entry.ts';

/**
 * The record's codes in words, for everything that shows a record to people: the console and the
 * CSV exports (an export under Chinese headers says 进 and 居民, not `in` and `resident`).
 */
export type WordsLanguage = 'zh-CN' | 'en';

export interface RecordWords {
  direction: Record<Direction, string>;
  category: Record<SubjectCategory, string>;
  source: Record<ReadingSource, string>;
  decision: Record<Decision, string>;
  /** Why a screening was not finished, said after the decision. */
  abandonReason: Record<AbandonReason, string>;
  flag: Record<EntryFlag, string>;
  /** Marks the reading that decided, in a list of readings. */
  decided: string;
}

export const RECORD_WORDS: Record<WordsLanguage, RecordWords> = {
  'zh-CN': {
    direction: { in: '进', out: '出' },
    category: {
      resident: '居民',
      tenant: '租户',
      visitor: '访客',
      courier: '快递外卖',
      staff: '工作人员',
      unknown: '未知人员',
    },
    source: { infrared: '红外', axillary: '腋温', manual: '手工录入' },
    decision: {
      admitted: '准许通行',
      denied: '拒绝通行',
      referred: '转发热门诊',
      'drop-off': '快递放置',
      abandoned: '未完成筛查',
    },
    abandonReason: { cancelled: '值班员中止', 'page-closed': '页面关闭', 'shift-ended': '交班时仍在屏幕上' },
    flag: {
      fever: '发热',
      'home-observation': '居家观察',
      'close-contact': '密切接触',
      'close-contact-household': '密接家属',
      'suspected-case': '疑似病例',
      'fever-follow-up': '发热随访中',
      returnee: '返回人员',
      'unknown-person': '未登记人员',
      'risk-answer': '问询有风险',
      'invalid-id': '证件无效',
      'no-mask': '未戴口罩',
      'watch-override': '值班员放行',
    },
    decided: '判定',
  },
  en: {
    direction: { in: 'In', out: 'Out' },
    category: {
      resident: 'Resident',
      tenant: 'Tenant',
      visitor: 'Visitor',
      courier: 'Courier',
      staff: 'Staff',
      unknown: 'Unknown',
    },
    source: { infrared: 'infrared', axillary: 'axillary', manual: 'manual' },
    decision: {
      admitted: 'Admitted',
      denied: 'Denied',
      referred: 'Referred to fever clinic',
      'drop-off': 'Drop-off',
      abandoned: 'Screening not finished',
    },
    abandonReason: {
      cancelled: 'stopped by the guard',
      'page-closed': 'the page closed',
      'shift-ended': 'still on screen at shift end',
    },
    flag: {
      fever: 'Fever',
      'home-observation': 'Home observation',
      'close-contact': 'Close contact',
      'close-contact-household': 'Close contact’s household',
      'suspected-case': 'Suspected case',
      'fever-follow-up': 'Fever follow-up',
      returnee: 'Returnee',
      'unknown-person': 'Not registered',
      'risk-answer': 'Risk answer',
      'invalid-id': 'Invalid ID',
      'no-mask': 'No mask',
      'watch-override': 'Let out by guard',
    },
    decided: 'decided',
  },
};

/** The decision in words, with why for a screening not finished: `未完成筛查（页面关闭）`. */
export function decisionText(language: WordsLanguage, decision: Decision, abandonReason: AbandonReason | null): string {
  const words = RECORD_WORDS[language];
  if (abandonReason === null) return words.decision[decision];
  const why = words.abandonReason[abandonReason];
  return language === 'zh-CN' ? `${words.decision[decision]}（${why}）` : `${words.decision[decision]} (${why})`;
}
