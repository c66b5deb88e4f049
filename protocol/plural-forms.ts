/**
 * A counted message in the plural forms its language has (the CLDR categories of Intl.PluralRules):
 * English needs `one` and `other` ("1 person", "2 people"); Chinese has `other` only.
 */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** The form of `forms` that `n` takes in `locale`. */
export function pluralForm(locale: string, n: number, forms: PluralForms): string {
  return forms[new Intl.PluralRules(locale).select(n)] ?? forms.other;
}
