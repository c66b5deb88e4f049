/**
 * Characters that show nothing themselves yet change what is shown: bidirectional overrides and
 * isolates (U+202A–202E, U+2066–2069, which make a scan read backwards), zero-width and other
 * format characters, control characters, line and paragraph separators.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * Text as a guard or an officer must see it: every invisible character shown by its code point,
 * `⟨U+202E⟩`, so a name or a scan cannot pass for another. Only for display; records keep the text.
 */
export function revealInvisible(text: string): string {
  return text.replace(INVISIBLE, (char) => `⟨U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
