import type { Language } from '../i18n/language.ts';

/** An instant in the office PC's local time, 24-hour, the same width on every row; passages to the second. */
export function formatInstant(iso: string, language: Language, options: { seconds?: boolean } = {}): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' } : {}),
    hour12: false,
  }).format(new Date(iso));
}
