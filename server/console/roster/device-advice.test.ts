import { describe, expect, it } from 'vitest';
import { ROSTER_MESSAGES } from '../i18n/roster-messages.ts';
import { ADVICE_FIGURES, measuredAdvice } from './device-advice.ts';

describe('the rules page’s measured device advice', () => {
  it('is written from the evaluation’s figures, with their date, in both languages', () => {
    const figures = {
      ...ADVICE_FIGURES,
      date: '2031-02-03',
      people: 2345,
      sites: {
        'face-max': { highFound: 0.91, found: 0.7, armpitPer100: 6.4, falseAlarms: 0 },
        'inner-canthus': { highFound: 0.96, found: 0.8, armpitPer100: 7.2, falseAlarms: 0 },
        forehead: { highFound: 0.81, found: 0.6, armpitPer100: 33.3, falseAlarms: 0 },
      },
    };
    const zh = measuredAdvice(ROSTER_MESSAGES['zh-CN'], figures);
    expect(zh).toContain('2031-02-03，2,345 人');
    expect(zh).toContain('找出 95% 口温 38.0 °C 及以上');
    expect(zh).toContain('面部最高点找出 91%，每 100 人约测 6 次腋温');
    expect(zh).toContain('额头一点找出 81%，约 33 次');
    const en = measuredAdvice(ROSTER_MESSAGES.en, figures);
    expect(en).toContain('2031-02-03, 2,345 people');
    expect(en).toContain('the inner eye corner 96% at about 7');
    expect(en).not.toMatch(/\{\w+\}/);
  });

  it('ships the last evaluation’s figures', () => {
    expect(ADVICE_FIGURES.people).toBeGreaterThan(1000);
    expect(measuredAdvice(ROSTER_MESSAGES.en)).toContain(ADVICE_FIGURES.date);
  });
});
