import type { Locale } from '../../../platform/config';
import { dayjs } from '../../../platform/time';
import { HELP_WORDS, matchSubcommand, tokenize, wordAt } from '../../../platform/input/command-text';
import type { DateRange } from '../../../platform/reporting';

/** Why a `/riepilogo …` cannot be understood: the digest catalog's message (its path) and its values. */
export type RiepilogoProblem =
  | { reasonKey: 'digest.subscribe.usage' | 'digest.language.usage' | 'digest.indicators.usage' }
  | { reasonKey: 'digest.subscribe.bad_day' | 'digest.subscribe.bad_time' | 'digest.indicators.bad_date'; values: { value: string } }
  | { reasonKey: 'digest.indicators.reversed'; values: { from: string; to: string } };

/** `/riepilogo …` parsed; `invalid` says why. */
export type RiepilogoCommand =
  | { kind: 'help' }
  | { kind: 'preview' }
  | { kind: 'status' }
  | { kind: 'subscribe'; weekday?: number; time?: string }
  | { kind: 'unsubscribe' }
  | { kind: 'language'; locale: Locale }
  | { kind: 'indicators'; from?: string; to?: string }
  | ({ kind: 'invalid' } & RiepilogoProblem)
  | { kind: 'unknown'; word: string };

const SUBCOMMANDS = {
  help: HELP_WORDS,
  preview: ['anteprima', 'preview'],
  status: ['stato', 'status'],
  subscribe: ['iscrivi', 'subscribe', 'attiva'],
  unsubscribe: ['disiscrivi', 'unsubscribe', 'disattiva'],
  language: ['lingua', 'language', 'lang'],
  indicators: ['indicatori', 'indicators', 'report'],
} as const;

/** Day names, Italian and English, full and short (accents optional). */
const WEEKDAYS: Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', readonly string[]> = {
  '1': ['lunedì', 'lun', 'monday', 'mon'],
  '2': ['martedì', 'mar', 'tuesday', 'tue'],
  '3': ['mercoledì', 'mer', 'wednesday', 'wed'],
  '4': ['giovedì', 'gio', 'thursday', 'thu'],
  '5': ['venerdì', 'ven', 'friday', 'fri'],
  '6': ['sabato', 'sab', 'saturday', 'sat'],
  '7': ['domenica', 'dom', 'sunday', 'sun'],
};

const LANGUAGES: Record<Locale, readonly string[]> = { it: ['it', 'italiano', 'italian'], en: ['en', 'inglese', 'english'] };

export function parseWeekday(word: string): number | undefined {
  const key = matchSubcommand(word, WEEKDAYS);
  return key ? Number(key) : undefined;
}

/** 9, 9:30, 09.30, 9h → HH:mm; undefined when not a time of day. */
export function parseTime(word: string): string | undefined {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?h?$/i.exec(word.trim());
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** YYYY-MM-DD or DD/MM/YYYY → YYYY-MM-DD; undefined when not a real date. */
export function parseDate(word: string): string | undefined {
  for (const format of ['YYYY-MM-DD', 'DD/MM/YYYY', 'D/M/YYYY']) {
    const d = dayjs(word, format, true);
    if (d.isValid()) return d.format('YYYY-MM-DD');
  }
  return undefined;
}

export function parseRiepilogoCommand(text: string): RiepilogoCommand {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: 'preview' };
  const first = wordAt(tokens, 0);
  const sub = matchSubcommand(first, SUBCOMMANDS);
  const rest = tokens.slice(1).map((t) => (t.kind === 'word' ? t.value : ''));
  switch (sub) {
    case 'help':
    case 'preview':
    case 'status':
    case 'unsubscribe':
      return { kind: sub };
    case 'subscribe':
      return parseSubscribe(rest);
    case 'language': {
      const locale = rest.length === 1 ? matchSubcommand(rest[0], LANGUAGES) : undefined;
      return locale ? { kind: 'language', locale } : { kind: 'invalid', reasonKey: 'digest.language.usage' };
    }
    case 'indicators':
      return parseIndicators(rest);
    default:
      return { kind: 'unknown', word: first ?? '' };
  }
}

function parseSubscribe(words: string[]): RiepilogoCommand {
  if (words.length > 2) return { kind: 'invalid', reasonKey: 'digest.subscribe.usage' };
  let weekday: number | undefined;
  let time: string | undefined;
  for (const word of words) {
    const day = parseWeekday(word);
    if (day !== undefined && weekday === undefined) {
      weekday = day;
      continue;
    }
    const hhmm = parseTime(word);
    if (hhmm !== undefined && time === undefined) {
      time = hhmm;
      continue;
    }
    return /\d/.test(word)
      ? { kind: 'invalid', reasonKey: 'digest.subscribe.bad_time', values: { value: word } }
      : { kind: 'invalid', reasonKey: 'digest.subscribe.bad_day', values: { value: word } };
  }
  return { kind: 'subscribe', weekday, time };
}

function parseIndicators(words: string[]): RiepilogoCommand {
  if (words.length > 2) return { kind: 'invalid', reasonKey: 'digest.indicators.usage' };
  const dates: string[] = [];
  for (const word of words) {
    const date = parseDate(word);
    if (!date) return { kind: 'invalid', reasonKey: 'digest.indicators.bad_date', values: { value: word } };
    dates.push(date);
  }
  const [from, to] = dates;
  if (from && to && from > to) return { kind: 'invalid', reasonKey: 'digest.indicators.reversed', values: { from, to } };
  return { kind: 'indicators', from, to };
}

/** The report's range: given dates, else from 1 January of the current year to today. */
export function resolveRange(input: { from?: string; to?: string }, today: string): DateRange | undefined {
  const to = input.to ?? (input.from && input.from > today ? input.from : today);
  const from = input.from ?? `${to.slice(0, 4)}-01-01`;
  return from <= to ? { from, to } : undefined;
}
