import { stringify } from 'csv-stringify/sync';
import { LOCALE_CONVENTIONS, type Locale } from '../i18n/locales';
import { wallClock } from '../time';

/**
 * The one CSV module: every export the app hands out (offers, polls, indicators, and any new one)
 * is written here, so every file opens the same way in Excel and LibreOffice (DESIGN.md §3):
 *
 * - UTF-8 with a byte-order mark, so the accents survive;
 * - the separators spreadsheets of the reader's language expect (LOCALE_CONVENTIONS: `;` and a
 *   decimal comma in Italian, `,` and a decimal point in English; CRLF between records);
 * - headers in the reader's language (the caller passes them from its catalog);
 * - an instant (a `Date`) written as its wall-clock date and time in the app's time zone,
 *   `2026-05-12 10:00`, a form spreadsheets read as a date; a calendar date as `2026-05-12`;
 * - numbers as numbers (no grouping, the language's decimal separator), and an empty cell for a
 *   missing value (`null`/`undefined`), never a "n.d." text that would turn the column into text;
 * - text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
 *   return) prefixed with an apostrophe. A negative number is a number and stays as it is.
 */

/** One cell: text, a number, an instant (shown in the app's time zone), or nothing. */
export type CsvCell = string | number | Date | null | undefined;

export interface CsvTable {
  /** The column headers, already in the reader's language. */
  headers: readonly string[];
  rows: ReadonlyArray<readonly CsvCell[]>;
}

/** The reader's language (separators) and the app's time zone (instants). */
export interface CsvOptions {
  locale: Locale;
  tz: string;
}

/** The file's media type, for whoever delivers it. */
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

/** An instant as spreadsheets read a date and time: its wall clock in `tz`, to the minute. */
export function csvDateTime(instant: Date, tz: string): string {
  return wallClock(instant, tz).format('YYYY-MM-DD HH:mm');
}

// Plain digits: no grouping, no exponent (String() writes 1e21 and 1e-7, which a spreadsheet may
// read as text), up to 6 decimals, and no "-0". Holds CLDR's rules only, no data.
const PLAIN_NUMBER = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 6 });

/** A number as a spreadsheet of that language reads it: no grouping, the language's decimal separator. */
export function csvNumber(value: number, locale: Locale): string {
  if (!Number.isFinite(value)) return '';
  const text = PLAIN_NUMBER.format(value);
  return (text === '-0' ? '0' : text).replace('.', LOCALE_CONVENTIONS[locale].csv.decimalSeparator);
}

/** The file, as bytes (UTF-8 with a BOM). */
export function csvFile(table: CsvTable, options: CsvOptions): Buffer {
  const { delimiter, recordDelimiter } = LOCALE_CONVENTIONS[options.locale].csv;
  const width = table.headers.length;
  for (const row of table.rows) {
    if (row.length !== width) throw new Error(`CSV row of ${row.length} cells under ${width} headers`);
  }
  const text = stringify([[...table.headers], ...table.rows.map((row) => [...row])], {
    bom: true,
    delimiter,
    record_delimiter: recordDelimiter,
    // csv-stringify prefixes an apostrophe to = + - @ \t \r (and their full-width forms) in text
    // cells, and leaves a cell that was a number alone even when it starts with a minus.
    escape_formulas: true,
    cast: {
      number: (value) => csvNumber(value, options.locale),
      bigint: (value) => String(value),
      date: (value) => csvDateTime(value, options.tz),
      boolean: (value) => (value ? '1' : '0'),
    },
  });
  return Buffer.from(text, 'utf8');
}
