import { describe, expect, it } from 'vitest';
import { revealInvisible } from './visible-text.ts';

describe('revealInvisible', () => {
  it('shows a right-to-left override by its code point, so the text no longer reads backwards', () => {
    expect(revealInvisible('V-\u202Egpj.exe')).toBe('V-⟨U+202E⟩gpj.exe');
    expect(revealInvisible('王\u2067小明\u2069')).toBe('王⟨U+2067⟩小明⟨U+2069⟩');
  });

  it('shows zero-width, control and separator characters, astral ones by their full code point', () => {
    expect(revealInvisible('a\u200Bb\u0000c\u0007d\u2028e\uFEFF')).toBe('a⟨U+200B⟩b⟨U+0000⟩c⟨U+0007⟩d⟨U+2028⟩e⟨U+FEFF⟩');
    expect(revealInvisible('x\u{E0041}y')).toBe('x⟨U+E0041⟩y');
  });

  it('leaves ordinary text alone: Chinese, Latin, digits, spaces, punctuation, emoji', () => {
    for (const text of ['张建国', 'Zhang Jianguo', '110**************X', '1栋 1单元 101', '陈,静 (租户)', '😷']) {
      expect(revealInvisible(text)).toBe(text);
    }
  });
});
