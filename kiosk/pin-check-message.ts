import { communityClock } from './community-time.ts';
import { format, type Locale, type Messages } from './messages.ts';
import type { PinCheck } from './guard-pin.ts';

/** What the sign-in tells the guard after a refused PIN, in the guard's language and the community's clock. */
export function pinCheckMessage(
  check: Exclude<PinCheck, { outcome: 'accepted' }>,
  t: Messages,
  locale: Locale,
  timeZone: string,
  now: Date,
): string {
  const seconds = (iso: string) => Math.max(1, Math.ceil((Date.parse(iso) - now.getTime()) / 1000));
  switch (check.outcome) {
    case 'wrong-pin':
      return check.retryAt
        ? format(t.wrongPinWait, { n: check.triesLeft, s: seconds(check.retryAt) })
        : format(t.wrongPinTriesLeft, { n: check.triesLeft });
    case 'too-soon':
      return format(t.pinRetryIn, { s: seconds(check.retryAt) });
    case 'locked':
      return format(check.scope === 'guard' ? t.pinLockedGuard : t.pinLockedScreen, {
        time: communityClock(check.until, locale, timeZone),
      });
    case 'unknown-guard':
      return t.pinUnknownGuard;
    case 'not-paired':
      return t.pinNotPaired;
    case 'unreachable':
      return t.pinGateUnreachable;
  }
}
