import { describe, expect, it } from 'vitest';
import { pluralForm } from './plural-forms.ts';

describe('pluralForm', () => {
  const forms = { one: '{n} person', other: '{n} people' };

  it('takes the singular for one in English and the plural otherwise', () => {
    expect(pluralForm('en', 1, forms)).toBe('{n} person');
    expect(pluralForm('en', 0, forms)).toBe('{n} people');
    expect(pluralForm('en', 2, forms)).toBe('{n} people');
  });

  it('takes the one form Chinese has for every count', () => {
    expect(pluralForm('zh-CN', 1, { other: '{n} 人' })).toBe('{n} 人');
    expect(pluralForm('zh-CN', 1, forms)).toBe('{n} people');
  });
});
