import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditAction, AuditSubjectKind } from '../../../protocol/accounts.ts';
import { RECORD_WORDS } from '../../../protocol/record-words.ts';
import { ACCOUNTS_MESSAGES } from './accounts-messages.ts';
import { AUDIT_MESSAGES } from './audit-messages.ts';
import { LANGUAGES } from './language.ts';
import { MESSAGES } from './messages.ts';
import { API_ERRORS } from './problem-messages.ts';
import { DEVICE_STATE_WORDS, DEVICE_WORDS, FLAG_WORDS, OPERATIONS_MESSAGES } from './operations-messages.ts';
import { ORG_MESSAGES } from './org-messages.ts';
import { REVIEW_MESSAGES } from './review-messages.ts';
import { ROSTER_MESSAGES } from './roster-messages.ts';
import { REPORT_MESSAGES } from './report-messages.ts';

/**
 * Every word the console shows exists in both languages: the same keys, none empty, Chinese where
 * Chinese is wanted and no Chinese left in English (the language switch itself excepted). The
 * types already force the same keys; this also catches a blank or a word left untranslated.
 */
const words = (table: Record<string, Record<string, string>>) => table;
const record = (part: 'direction' | 'category' | 'source' | 'decision' | 'abandonReason' | 'flag') =>
  words({ 'zh-CN': RECORD_WORDS['zh-CN'][part], en: RECORD_WORDS.en[part] });
/** `code` names the table's language; it is not a word. */
const { code: _zh, ...messagesZh } = MESSAGES['zh-CN'];
const { code: _en, ...messagesEn } = MESSAGES.en;

const TABLES: Record<string, Record<string, Record<string, string>>> = {
  messages: { 'zh-CN': messagesZh, en: messagesEn },
  'record directions': record('direction'),
  'record categories': record('category'),
  'reading sources': record('source'),
  'record decisions': record('decision'),
  'why a screening was not finished': record('abandonReason'),
  'record flags': record('flag'),
  review: REVIEW_MESSAGES,
  organisation: ORG_MESSAGES,
  roster: ROSTER_MESSAGES,
  'daily report': { 'zh-CN': textOnly(REPORT_MESSAGES['zh-CN']), en: textOnly(REPORT_MESSAGES.en) },
  'daily report statuses': { 'zh-CN': REPORT_MESSAGES['zh-CN'].statusWords, en: REPORT_MESSAGES.en.statusWords },
  'daily report deadlines': {
    'zh-CN': {
      next: REPORT_MESSAGES['zh-CN'].deadlineRule(1, '10:00'),
      later: REPORT_MESSAGES['zh-CN'].deadlineRule(3, '09:00'),
    },
    en: { next: REPORT_MESSAGES.en.deadlineRule(1, '10:00'), later: REPORT_MESSAGES.en.deadlineRule(3, '09:00') },
  },
  accounts: ACCOUNTS_MESSAGES,
  'audit actions': { 'zh-CN': AUDIT_MESSAGES['zh-CN'].actions, en: AUDIT_MESSAGES.en.actions },
  'audit subjects': { 'zh-CN': AUDIT_MESSAGES['zh-CN'].subjects, en: AUDIT_MESSAGES.en.subjects },
  'audit details': { 'zh-CN': AUDIT_MESSAGES['zh-CN'].details, en: AUDIT_MESSAGES.en.details },
  'server refusals': API_ERRORS,
  operations: OPERATIONS_MESSAGES,
  'fleet flags': FLAG_WORDS,
  'gate devices': DEVICE_WORDS,
  'gate device states': DEVICE_STATE_WORDS,
};

/** A table's plain words (its functions and nested tables are checked apart). */
function textOnly(table: object): Record<string, string> {
  return Object.fromEntries(Object.entries(table).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

const HAN = /\p{Script=Han}/u;
/** Words that are the same in both languages: the switch to the other language, units and names. */
const SAME_IN_BOTH = new Set(['English', '中文']);

describe('console words', () => {
  for (const [name, table] of Object.entries(TABLES)) {
    it(`${name}: every key in both languages, none blank, each in its own language`, () => {
      const zh = table['zh-CN']!;
      const en = table.en!;
      expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
      for (const language of LANGUAGES)
        for (const [key, text] of Object.entries(table[language]!)) expect(text.trim(), `${language} ${key}`).not.toBe('');
      for (const [key, text] of Object.entries(en))
        if (!SAME_IN_BOTH.has(text)) expect(HAN.test(text), `en ${key}: ${text}`).toBe(false);
      for (const [key, text] of Object.entries(zh))
        if (!SAME_IN_BOTH.has(text)) expect(HAN.test(text), `zh-CN ${key}: ${text}`).toBe(true);
    });
  }

  it('names every audit action and subject the server records', () => {
    for (const language of LANGUAGES) {
      expect(Object.keys(AUDIT_MESSAGES[language].actions).sort()).toEqual([...AuditAction.options].sort());
      expect(Object.keys(AUDIT_MESSAGES[language].subjects).sort()).toEqual([...AuditSubjectKind.options].sort());
    }
  });

  it('has a sentence in both languages for every refusal code the server can send', () => {
    const server = resolve(import.meta.dirname, '../..');
    const codes = new Set<string>();
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (name !== 'console') walk(path);
        } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
          for (const match of readFileSync(path, 'utf8').matchAll(/(?:refuse|sendApiError)\((?:reply, )?\d{3}, '([a-z0-9-]+)'/g))
            codes.add(match[1]!);
        }
      }
    };
    walk(server);
    expect(codes.size).toBeGreaterThan(20);
    for (const language of LANGUAGES) {
      const missing = [...codes].filter((code) => !Object.hasOwn(API_ERRORS[language], code));
      expect(missing, language).toEqual([]);
    }
  });
});
