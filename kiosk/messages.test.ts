import { describe, expect, it } from 'vitest';
import { catalogues, formatCount } from './messages.ts';

const HAN = /\p{Script=Han}/u;

describe("the guard's words", () => {
  it('are in both languages, none blank, Chinese in Chinese and none left in English', () => {
    const zh = catalogues['zh-CN'];
    const en = catalogues.en;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(text.trim(), `en ${key}`).not.toBe('');
      if (key !== 'language') expect(HAN.test(text), `en ${key}: ${text}`).toBe(false);
    }
    for (const [key, text] of Object.entries(zh)) expect(text.trim(), `zh-CN ${key}`).not.toBe('');
  });

  it('count in the plural form of the language: 1 person, 2 people', () => {
    expect(formatCount('en', 'handoverPending', 1)).toBe('1 person still on screen: ending the shift logs them as not finished');
    expect(formatCount('en', 'handoverPending', 2)).toBe('2 people still on screen: ending the shift logs them as not finished');
    expect(formatCount('en', 'leftBehindLogged', 1)).toBe(
      'The page was reopened: 1 unfinished screening was logged as not finished',
    );
    expect(formatCount('en', 'waitingForGuard', 3)).toMatch(/^3 people scanned/);
    expect(formatCount('zh-CN', 'handoverPending', 1)).toBe('屏幕上还有 1 人未完成筛查：交班时将登记为“未完成筛查”');
    expect(formatCount('zh-CN', 'handoverPending', 2)).toBe('屏幕上还有 2 人未完成筛查：交班时将登记为“未完成筛查”');
  });
});
