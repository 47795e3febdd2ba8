import i18next from 'i18next';
import type { Locale } from '../config';
import { it } from './it';
import { en } from './en';
import type { MessageKey } from './types';

export type { MessageKey, Messages } from './types';

export const LOCALES: readonly Locale[] = ['it', 'en'];

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
/**
 * Texts without values (labels, sector and status names) never change while the process runs:
 * each is looked up in i18next once per language. Bounded, since a key may be built from data.
 */
const MAX_PLAIN_TEXTS = 5000;
const plainTexts = new Map<Locale, Map<string, string>>();

/** A translator per request: never a global language switch (DESIGN.md §3). */
export function translator(locale: Locale): Translator {
  let t = fixed.get(locale);
  if (!t) {
    t = engine.getFixedT(locale) as unknown as PlainT;
    fixed.set(locale, t);
  }
  const bound = t;
  let plain = plainTexts.get(locale);
  if (!plain) {
    plain = new Map();
    plainTexts.set(locale, plain);
  }
  const texts = plain;
  const fn = ((key: MessageKey, values?: Record<string, string | number>) => {
    if (values) return bound(key, values);
    let text = texts.get(key);
    if (text === undefined) {
      text = bound(key);
      if (texts.size < MAX_PLAIN_TEXTS) texts.set(key, text);
    }
    return text;
  }) as Translator;
  fn.locale = locale;
  return fn;
}

/** Maps a Slack locale such as `en-US` or `it-IT` to one of ours, or undefined. */
export function localeFromSlack(slackLocale: string | undefined | null): Locale | undefined {
  if (!slackLocale) return undefined;
  const lang = slackLocale.toLowerCase().split(/[-_]/)[0];
  return lang === 'it' || lang === 'en' ? lang : undefined;
}

/** Both catalogs, for the parity test and tools. */
export const catalogs = { it, en } as const;
