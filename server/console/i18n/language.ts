/** The console's two languages; zh-CN is the default. */
export type Language = 'zh-CN' | 'en';

export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

const STORAGE_KEY = 'checkpoint.console.language';

/** The language chosen last on this PC; it survives a reload. */
export function loadLanguage(storage: Pick<Storage, 'getItem'>): Language {
  return storage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

export function saveLanguage(storage: Pick<Storage, 'setItem'>, language: Language): void {
  storage.setItem(STORAGE_KEY, language);
}
