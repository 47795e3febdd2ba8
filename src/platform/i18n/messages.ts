import { LOCALE_CONVENTIONS, type Locale } from './locales';

/**
 * Messages are typed functions, one catalog per area and language (src/areas/<area>/messages).
 * A message that takes values is a function of them, so a missing key or a missing value fails
 * the type-check; counts agree through `plural` (Intl.PluralRules, CLDR's rules per language).
 */

/** A value a message shows as it is given (already escaped by the view when it is user text). */
export type Arg = string | number;

/** A text that is rendered in the reader's language later: errors and field errors carry these. */
export type LocalizedText = (locale: Locale) => string;

/** One area's catalogs, one per language: every language of LOCALES is required. */
export type Catalogs<M> = { readonly [L in Locale]: M };

export interface MessagesOf<M> {
  /** The catalog for one reader. */
  (locale: Locale): M;
  /** A text picked now and rendered later, in the reader's language (an error, a field error). */
  text(pick: (messages: M) => string): LocalizedText;
}

export function defineMessages<M>(catalogs: Catalogs<M>): MessagesOf<M> {
  const of = ((locale: Locale) => catalogs[locale]) as MessagesOf<M>;
  of.text = (pick) => (locale) => pick(catalogs[locale]);
  return of;
}

/** The forms of a counted phrase; `other` is required, `zero` overrides CLDR's category for 0. */
export type PluralForms = { zero?: string; one?: string; two?: string; few?: string; many?: string; other: string };

// One formatter object per language, built on first use: they hold no data, only CLDR rules.
const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** The form of a counted phrase that agrees with `count` in `locale`. */
export function plural(locale: Locale, count: number, forms: PluralForms): string {
  if (count === 0 && forms.zero !== undefined) return forms.zero;
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(LOCALE_CONVENTIONS[locale].intl);
    pluralRules.set(locale, rules);
  }
  return forms[rules.select(count) as keyof PluralForms] ?? forms.other;
}

/** A number as the reader writes it (12.345,6 in Italian, 12,345.6 in English), at most one decimal. */
export function formatNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE_CONVENTIONS[locale].intl, { maximumFractionDigits: 1 });
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/** A ratio (0–1) as a percentage in the reader's convention: 33,3 % in Italian, 33.3% in English. */
export function formatPercent(locale: Locale, ratio: number): string {
  return LOCALE_CONVENTIONS[locale].percent(formatNumber(locale, Math.round(ratio * 1000) / 10));
}
