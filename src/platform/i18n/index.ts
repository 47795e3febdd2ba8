import i18next from 'i18next';
import type { Locale } from '../config';
import { it } from './catalogs/it';
import { en } from './catalogs/en';
import type { MessageKey } from './types';
import { BoundedMemo } from '../bounded-memo';

export type { MessageKey, Messages } from './types';

export { LOCALES, localeFromSlack } from './locales';

/** Translates a key for one reader. Values are interpolated verbatim: escape user text for mrkdwn first. */
export type Translator = ((key: MessageKey, values?: Record<string, string | number>) => string) & { locale: Locale };

const engine = i18next.createInstance();
void engine.init({
  resources: { it: { translation: it }, en: { translation: en } },
  lng: 'it',
  fallbackLng: false,
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  returnEmptyString: false,
});

// i18next's key typing is not wired to our catalogs (MessageKey does that), so call it untyped.
type PlainT = (key: string, options?: Record<string, unknown>) => string;
const fixed = new Map<Locale, PlainT>();

/** i18next itself, per language: the reference the fast path below must agree with (see the unit test). */
export function referenceTranslate(locale: Locale, key: string, values?: Record<string, string | number>): string {
  let t = fixed.get(locale);
  if (!t) {
    t = engine.getFixedT(locale) as unknown as PlainT;
    fixed.set(locale, t);
  }
  return t(key, values);
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const pluralRules = new Map<Locale, Intl.PluralRules>();

/**
 * Catalog entries by language and key, read from i18next once and split at their placeholders:
 * literal text at even indexes, value names at odd ones (bounded: keys may be built from data).
 */
const templates = new BoundedMemo<string[] | undefined>(5000);

function template(locale: Locale, key: string): string[] | undefined {
  return templates.get(`${locale}|${key}`, () => {
    const resource: unknown = engine.getResource(locale, 'translation', key);
    return typeof resource === 'string' ? resource.split(PLACEHOLDER) : undefined;
  });
}

/**
 * What i18next answers for our catalogs (plain `{{name}}` placeholders, `_zero`/`_one`/`_other`
 * plurals on `count`, values inserted verbatim), at a fraction of its cost: i18next spends tens
 * of microseconds per call, and a list of twenty offers makes forty such calls per request.
 * Anything else (a missing key or value) returns undefined, and i18next answers instead.
 */
function fastTranslate(locale: Locale, key: string, values: Record<string, string | number>): string | undefined {
  let resolved = key;
  const count = values.count;
  if (count !== undefined) {
    if (typeof count !== 'number') return undefined;
    let rules = pluralRules.get(locale);
    if (!rules) {
      rules = new Intl.PluralRules(locale);
      pluralRules.set(locale, rules);
    }
    const zero = `${key}_zero`;
    const category = `${key}_${rules.select(count)}`;
    resolved = count === 0 && template(locale, zero) ? zero : template(locale, category) ? category : key;
  }
  const parts = template(locale, resolved);
  if (parts === undefined) return undefined;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const value = values[parts[i]!];
    if (value === undefined) return undefined;
    out += String(value) + parts[i + 1]!;
  }
  return out;
}

/**
 * Texts without values (labels, sector and status names) never change while the process runs:
 * each is looked up once per language. Bounded, since a key may be built from data.
 */
const plainTexts = new BoundedMemo<string>(5000);

/** A translator per request: never a global language switch (DESIGN.md §3). */
export function translator(locale: Locale): Translator {
  const fn = ((key: MessageKey, values?: Record<string, string | number>) => {
    if (values) return fastTranslate(locale, key, values) ?? referenceTranslate(locale, key, values);
    return plainTexts.get(`${locale}|${key}`, () => referenceTranslate(locale, key));
  }) as Translator;
  fn.locale = locale;
  return fn;
}

/** Both catalogs, for the parity test and tools. */
export const catalogs = { it, en } as const;
