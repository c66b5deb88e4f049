import { describe, expect, it } from 'vitest';
import { catalogues } from './messages.ts';
import { pinCheckMessage } from './pin-check-message.ts';

const now = new Date('2026-12-05T06:30:00Z');
const say = (check: Parameters<typeof pinCheckMessage>[0], locale: 'zh-CN' | 'en') =>
  pinCheckMessage(check, catalogues[locale], locale, 'Asia/Shanghai', now);

describe('what the sign-in says about a refused PIN', () => {
  it('tries left, and the wait before the next when the gate asks for one', () => {
    expect(say({ outcome: 'wrong-pin', triesLeft: 4, retryAt: null }, 'zh-CN')).toBe('PIN 码不正确，还可再试 4 次');
    expect(say({ outcome: 'wrong-pin', triesLeft: 2, retryAt: '2026-12-05T06:30:01.500Z' }, 'en')).toBe(
      'Wrong PIN. Tries left: 2. Try again in 2 s',
    );
    expect(say({ outcome: 'too-soon', retryAt: '2026-12-05T06:30:00.200Z' }, 'zh-CN')).toBe('请 1 秒后再试');
  });

  it("a lock's end on the community's clock, whose lock it is, and who can lift it", () => {
    const until = '2026-12-05T06:35:00Z';
    expect(say({ outcome: 'locked', scope: 'guard', until }, 'zh-CN')).toContain('已锁定至 14:35');
    expect(say({ outcome: 'locked', scope: 'guard', until }, 'en')).toMatch(/locked until 14:35.*set a new PIN/);
    expect(say({ outcome: 'locked', scope: 'screen', until }, 'zh-CN')).toMatch(/^本屏幕.*14:35.*所有值班员/);
    expect(say({ outcome: 'locked', scope: 'screen', until }, 'en')).toMatch(/this screen.*14:35 for every guard/);
  });

  it('the gate without the guard, away, or not paired with this screen', () => {
    expect(say({ outcome: 'unknown-guard' }, 'en')).toMatch(/no PIN for this guard/);
    expect(say({ outcome: 'unreachable' }, 'zh-CN')).toBe('无法连接闸机，暂不能核对 PIN 码');
    expect(say({ outcome: 'not-paired' }, 'en')).toMatch(/not paired/);
  });
});
