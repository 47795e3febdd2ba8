/**
 * The languages the app speaks, defined once. Everything that depends on a language derives from
 * this list: the configuration (`DEFAULT_LOCALE`), the mapping from Slack's locale, the CSV
 * conventions, every area's message catalogs (`defineMessages` wants one per locale, so a language
 * added here fails the type-check until each catalog exists) and the database's CHECK constraints
 * on locale columns (test/unit/platform/locales.test.ts compares them with this list).
 */
export const LOCALES = ['it', 'en'] as const;

export type Locale = (typeof LOCALES)[number];

/** Per-language conventions the app follows outside its message catalogs. */
export interface LocaleConventions {
  /** BCP 47 tag for Intl (numbers, dates, plural rules). */
  intl: string;
  /** How spreadsheets of that language expect a CSV file (Excel and LibreOffice with the OS locale). */
  csv: { delimiter: ';' | ','; recordDelimiter: '\r\n'; decimalSeparator: ',' | '.' };
  /** How a percentage is written around its number: «33,3 %» in Italian (a space, as UNI and SI write it), «33.3%» in English. */
  percent: (number: string) => string;
  /** A calendar date in short form (03/12/2026, 3 Dec 2026): lists show many, so it is plain string work. */
  shortDate: (year: number, month: number, day: number) => string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const ENGLISH_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export const LOCALE_CONVENTIONS: Record<Locale, LocaleConventions> = {
  it: { intl: 'it-IT', csv: { delimiter: ';', recordDelimiter: '\r\n', decimalSeparator: ',' }, percent: (n) => `${n} %`, shortDate: (y, m, d) => `${pad2(d)}/${pad2(m)}/${y}` },
  en: { intl: 'en-GB', csv: { delimiter: ',', recordDelimiter: '\r\n', decimalSeparator: '.' }, percent: (n) => `${n}%`, shortDate: (y, m, d) => `${d} ${ENGLISH_MONTHS[m - 1]} ${y}` },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Maps a Slack locale such as `en-US` or `it-IT` to one of ours, or undefined when we do not speak it. */
export function localeFromSlack(slackLocale: string | undefined | null): Locale | undefined {
  if (!slackLocale) return undefined;
  const language = slackLocale.toLowerCase().split(/[-_]/)[0];
  return isLocale(language) ? language : undefined;
}
