import { readFileSync } from 'node:fs';
import { projectFile } from '../project-files';
import { commonMessages } from '../i18n/common';
import type { LocalizedText } from '../i18n/messages';
import type { Locale } from '../i18n/locales';

/**
 * Free text must not carry personal data (DESIGN.md §7: the people concerned are prisoners
 * and ex-prisoners; criminal-record data is GDPR art. 10 data). We refuse what *looks like*
 * personal data, and say which kind and in which field, so the user can fix it; ordinary
 * administrative numbers (protocol, CIG, CUP, P.IVA, ISBN, laws, dates, times, amounts,
 * postcodes) pass.
 *
 * The text is normalised first (`normalizeForDetection`): Unicode NFKC (full-width folded),
 * zero-width characters removed, every dash alike; for the number rules dots, slashes and
 * underscores count as dashes too; e-mail addresses written with spaces, "at", "[at]",
 * "chiocciola", "punto" or "dot" are put back together.
 */
export type PersonalDataKind = 'tax_code' | 'email' | 'phone' | 'iban' | 'id_document' | 'birth_date' | 'person_name' | 'judicial';

export const PERSONAL_DATA_KINDS: readonly PersonalDataKind[] = ['tax_code', 'email', 'phone', 'iban', 'id_document', 'birth_date', 'person_name', 'judicial'];

/**
 * The error to show under a field whose text looks like personal data, naming the field (its
 * label, in the reader's language: always give it) and the kind; undefined when the text is clean.
 */
export function personalDataError(text: string, field?: LocalizedText): LocalizedText | undefined {
  const kind = findPersonalData(text);
  if (!kind) return undefined;
  return (locale) => personalDataRefusal(locale, field?.(locale), kind);
}

/** The refusal's text: the field's label and the kind of data, in the reader's language. */
export function personalDataRefusal(locale: Locale, field: string | undefined, kind: PersonalDataKind): string {
  const m = commonMessages(locale).personal_data;
  const values = { kind: m.kinds[kind], hint: m.hints[kind] };
  return field === undefined ? m.refused_here(values) : m.refused({ field, ...values });
}

export function findPersonalData(text: string): PersonalDataKind | undefined {
  if (!text) return undefined;
  const norm = normalizeForDetection(text);
  const dashed = norm.replace(SEPARATORS, '-');
  const upper = dashed.toUpperCase();
  if (hasEmail(norm)) return 'email';
  if (hasIban(upper)) return 'iban';
  if (hasTaxCode(upper)) return 'tax_code';
  if (hasIdDocument(upper)) return 'id_document';
  if (hasJudicialData(dashed)) return 'judicial';
  if (hasBirthDate(dashed)) return 'birth_date';
  if (hasPhone(dashed)) return 'phone';
  if (hasTitledName(norm)) return 'person_name';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Normalisation

const ZERO_WIDTH = /[\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const DASHES = /[\u2010-\u2015\u2043\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g;
const SLASHES = /[\u2044\u2215\u29F8\uFF0F]/g;
const DOTS = /[\u00B7\u2022\u2024\u2027\u2219\u22C5\u30FB\uFF0E]/g;
/** Dots, slashes, underscores and dashes are alike to the number rules. */
const SEPARATORS = /[./_\\-]/g;

/** NFKC (full-width and compatibility forms folded), zero-width characters removed, every dash, slash and dot one character. */
export function normalizeForDetection(text: string): string {
  return text.normalize('NFKC').replace(ZERO_WIDTH, '').replace(DASHES, '-').replace(SLASHES, '/').replace(DOTS, '.').replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ');
}

/** Words that make the number after them administrative (n. 123, Prot. 0012345, CIG …, P.IVA …). */
const ADMIN_BEFORE =
  /(?:^|[^\p{L}\d])(?:n|nr|num|numero|n°|no|prot|protocollo|pg|cig|smartcig|cup|p\s?-?\s?iva|partita\s+iva|iva|isbn|issn|doi|rep|repertorio|reg|registro|det|determina|determinazione|delibera|decreto|dpr|d\s?-?\s?lgs|dlgs|dl|legge|l|art|artt|articolo|comma|fattura|ft|ordine|pratica|cod|codice\s+ente|id|rif|riferimento|lotto|cap|ateco|rea|cciaa|inail|inps|matr\s?inps|pos|posizione\s+inps|bando|avviso|gara|cf\s+ente|c\s?-?\s?f\s+ente|codice\s+fiscale\s+(?:dell['’]\s?ente|ente|della\s+cooperativa|della\s+societ[aà])|versione|v|ver|ed|edizione|es|esercizio|anno|anni)[\s\-:°#]*$/iu;

function adminBefore(text: string, index: number): boolean {
  return ADMIN_BEFORE.test(text.slice(Math.max(0, index - 40), index));
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses, also written "maria punto rossi chiocciola example punto org" or "m.rossi [at] example.org".

const EMAIL = /[\p{L}0-9._%+-]+@[\p{L}0-9-]+(?:\.[\p{L}0-9-]+)*\.\p{L}{2,}/iu;
const COMMON_TLDS = new Set(['it', 'com', 'org', 'net', 'eu', 'gov', 'edu', 'info', 'biz', 'me', 'io', 'co', 'uk', 'de', 'fr', 'es', 'ro', 'al', 'ma', 'ng', 'tn', 'ch', 'at', 'pl', 'nl', 'be', 'pt', 'ru', 'ua', 'tr', 'cn', 'in', 'br', 'us', 'ca', 'int', 'pec']);

function hasEmail(norm: string): boolean {
  if (EMAIL.test(norm)) return true;
  const at = String.raw`(?:\s*[\[({<]\s*(?:at|chiocciola|@)\s*[\])}>]\s*|\s+(?:at|chiocciola)\s+|\s*@\s*)`;
  const dot = String.raw`(?:\s*[\[({<]\s*(?:dot|punto|\.)\s*[\])}>]\s*|\s+(?:dot|punto)\s+|\s*\.\s*)`;
  const word = String.raw`[\p{L}0-9_%+-]+`;
  const spelled = new RegExp(`${word}(?:${dot}${word})*${at}${word}(?:${dot}${word})*${dot}(\\p{L}{2,})(?![\\p{L}0-9])`, 'giu');
  for (const m of norm.matchAll(spelled)) {
    const tld = (m[1] ?? '').toLowerCase();
    // "@" itself or "chiocciola" leave no doubt; "at" and "dot" are English words, so the address must end in a known domain.
    if (/@|chiocciola/i.test(m[0]) || COMMON_TLDS.has(tld)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Codice fiscale: 6 letters, 2 digits, month letter, 2 digits, letter, 3 digits, check letter.
// Omocodia replaces digits with L–V letters. Written whole or as its first 11 characters
// (surname, name, birth date), in any case, with spaces or dashes between any characters.

const L = '[A-Z]';
const D = '[0-9LMNPQRSTUV]';
const MONTH = '[ABCDEHLMPRST]';
const GAP = '[\\s-]{0,2}';
const TAX_CODE_WHOLE = new RegExp(`(?<![A-Z0-9])(${[L, L, L, L, L, L, D, D, MONTH, D, D, L, D, D, D, L].join(GAP)})(?![A-Z0-9])`, 'g');
const TAX_CODE_PART = new RegExp(`(?<![A-Z0-9])(${[L, L, L, L, L, L, '[0-9]', '[0-9]', MONTH, D, D].join(GAP)})(?![0-9])`, 'g');
const OMOCODIA = 'LMNPQRSTUV';
/** A surname or name part: its consonants, then its vowels, then X padding (RSS, MRA, FOX, XUX is not). */
const NAME_PART = /^[B-DF-HJ-NP-TV-Z]*[AEIOU]*X*$/;

function plausibleTaxCode(compact: string): boolean {
  if (!NAME_PART.test(compact.slice(0, 3)) || !NAME_PART.test(compact.slice(3, 6))) return false;
  const digit = (c: string) => (OMOCODIA.includes(c) ? String(OMOCODIA.indexOf(c)) : c);
  const day = Number(digit(compact[9] ?? '') + digit(compact[10] ?? ''));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return false;
  // A whole code keeps at least one digit (omocodia replaces from the right, and never all seven in practice).
  return /\d/.test(compact.slice(6));
}

function hasTaxCode(upper: string): boolean {
  for (const re of [TAX_CODE_WHOLE, TAX_CODE_PART]) {
    for (const m of upper.matchAll(re)) {
      if (plausibleTaxCode((m[1] ?? '').replace(/[\s-]/g, ''))) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// IBAN: an Italian one by its shape (IT, 2 digits, CIN letter, 22 digits or letters), any other
// by its ISO 13616 check digits; spaced in groups of four or not.

/** Written compact, or in the printed groups of four. */
const IBAN_CANDIDATE = /(?<![A-Z0-9])([A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?:[\s-]?[A-Z0-9]{4}){2,7}(?:[\s-]?[A-Z0-9]{1,4})?))(?![A-Z0-9])/g;
/** IBAN lengths of the countries partners and candidates most likely bank in (ISO 13616 registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  IT: 27, SM: 27, VA: 22, DE: 22, FR: 27, ES: 24, PT: 25, RO: 24, AL: 28, GB: 22, IE: 22, AT: 20, CH: 21, LI: 21, BE: 16, NL: 18, LU: 20,
  PL: 28, CZ: 24, SK: 24, HU: 28, SI: 19, HR: 21, RS: 22, BA: 20, ME: 22, MK: 19, XK: 20, BG: 22, GR: 27, MD: 24, UA: 29, TR: 26, TN: 24,
  EG: 29, DZ: 26, MA: 28, MR: 27, SN: 28, CI: 28, DK: 18, SE: 24, NO: 15, FI: 18, EE: 20, LV: 21, LT: 20, MT: 31, CY: 28, GE: 22, BR: 29,
};

function ibanChecks(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const c of rearranged) {
    const value = c >= 'A' && c <= 'Z' ? String(c.charCodeAt(0) - 55) : c;
    for (const d of value) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

function hasIban(upper: string): boolean {
  for (const m of upper.matchAll(IBAN_CANDIDATE)) {
    const compact = (m[1] ?? '').replace(/[\s-]/g, '');
    // An Italian IBAN by its shape alone (a typo in the check digits is still an IBAN).
    if (/^IT\d{2}[A-Z]\d{10}[A-Z0-9]{12}$/.test(compact)) return true;
    if (/\bIBAN\b/.test(upper.slice(Math.max(0, (m.index ?? 0) - 12), m.index))) return true;
    const length = IBAN_LENGTHS[compact.slice(0, 2)];
    if (length !== undefined && compact.length === length && ibanChecks(compact)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Identity documents: the electronic identity card (CA12345AA), passports and paper identity
// cards (AA1234567), driving licences (AA1234567A); and any number after the name of a document.

const ID_SHAPES = [/(?<![A-Z0-9])[A-Z]{2}\d{5}[A-Z]{2}(?![A-Z0-9])/g, /(?<![A-Z0-9])[A-Z]{2}\d{7}(?:[A-Z])?(?![A-Z0-9])/g];
const ID_WORDS =
  /(?:CARTA\s+D['’]?\s?IDENTIT[AÀ]|\bC\s?-?\s?I\s?-?\s?E?\b|\bCIE\b|DOCUMENTO(?:\s+D['’]?\s?IDENTIT[AÀ])?|\bDOC\b|PASSAPORTO|PASSPORT|PERMESSO\s+DI\s+SOGGIORNO|\bP\s?-?\s?D\s?-?\s?S\b|\bPDS\b|PATENTE|TESSERA\s+SANITARIA|\bID\s+CARD\b|IDENTITY\s+CARD|RESIDENCE\s+PERMIT|DRIVING\s+LICEN[CS]E)[\s\-:°N.]{0,8}(?:NUMERO|NR|NO|N)?[\s\-:°.]{0,4}([A-Z0-9][A-Z0-9\s-]{4,20})/g;

function hasIdDocument(upper: string): boolean {
  for (const re of ID_SHAPES) {
    for (const m of upper.matchAll(re)) {
      if (!adminBefore(upper, m.index ?? 0)) return true;
    }
  }
  for (const m of upper.matchAll(ID_WORDS)) {
    const value = (m[1] ?? '').replace(/[\s-]/g, '');
    if ((value.match(/\d/g) ?? []).length >= 4) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Runs of digits: phones, and the dates, times and years that are not phones.

/** Digit groups joined by spaces or dashes (dots and slashes are dashes here), with an optional leading +. */
const DIGIT_RUN = /(?<![\p{L}\d])(\+\s?)?\(?\d+\)?(?:[ \t\-()]{1,3}\d+\)?)*(?![\p{L}\d])/gu;

const PHONE_WORDS = /(?:tel|telefono|telefonare|cell|cellulare|mobile|phone|whatsapp|wa|sms|chiamare|chiama|chiamarla|chiamatela|recapito|contatto|contattare|contattarla|numero\s+di\s+telefono|fax)\b[^\n]{0,25}$/i;

/** Whether the groups of a run are dates, times and years only (12/03/2026, 2026-03-12, 9.30-13.30, 2024 2025 2026, 01/02-28/02). */
function isCalendarRun(groups: readonly string[], from = 0): boolean {
  if (from >= groups.length) return true;
  const n = (i: number) => Number(groups[from + i]);
  const len = (i: number) => (groups[from + i] ?? '').length;
  const has = (k: number) => from + k <= groups.length;
  const isDay = (i: number) => len(i) <= 2 && n(i) >= 1 && n(i) <= 31;
  const isMonth = (i: number) => len(i) <= 2 && n(i) >= 1 && n(i) <= 12;
  const isYear = (i: number) => len(i) === 4 && n(i) >= 1900 && n(i) <= 2100;
  if (has(3) && isDay(0) && isMonth(1) && (isYear(2) || len(2) === 2) && isCalendarRun(groups, from + 3)) return true;
  if (has(3) && isYear(0) && isMonth(1) && isDay(2) && isCalendarRun(groups, from + 3)) return true;
  if (has(1) && isYear(0) && isCalendarRun(groups, from + 1)) return true;
  if (has(2) && isDay(0) && isMonth(1) && isCalendarRun(groups, from + 2)) return true;
  if (has(2) && len(0) <= 2 && n(0) <= 24 && len(1) === 2 && n(1) <= 59 && isCalendarRun(groups, from + 2)) return true;
  return false;
}

/** Italian mobile (3xx …, 9–10 digits) and landline (0 and an area code, 6–10 digits) shapes. */
function italianPhone(digits: string): boolean {
  return /^3\d{8,9}$/.test(digits) || /^0[1-9]\d{4,8}$/.test(digits);
}

function hasPhone(text: string): boolean {
  // Clock times (09:30, 9h30) are never part of a number.
  const dashed = text.replace(/\b\d{1,2}\s?[:h]\s?\d{2}\b/g, (t) => ' '.repeat(t.length));
  for (const m of dashed.matchAll(DIGIT_RUN)) {
    const run = m[0];
    const index = m.index ?? 0;
    const groups = run.match(/\d+/g) ?? [];
    const digits = groups.join('');
    if (digits.length < 6) continue;
    const plus = run.trimStart().startsWith('+');
    const before = dashed.slice(Math.max(0, index - 40), index);
    if (PHONE_WORDS.test(before) && digits.length <= 15 && !isCalendarRun(groups)) return true;
    if (plus) {
      if (digits.startsWith('39') ? /^\d{6,11}$/.test(digits.slice(2)) : digits.length >= 8 && digits.length <= 15) return true;
      continue;
    }
    if (adminBefore(dashed, index) || isCalendarRun(groups)) continue;
    if (digits.startsWith('0039') && /^\d{6,11}$/.test(digits.slice(4))) return true;
    if (/^00[1-9]\d{7,13}$/.test(digits)) return true;
    if (italianPhone(digits)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Birth dates: a date or a year after "nata", "nascita", "born", "classe"…, or a full date
// next to a given name (Maria 12/03/1985).

const BIRTH_WORDS = /\b(?:nata|nato|nascita|born|birth|dob|d-o-b|classe|compleanno)\b/giu;
const MONTH_NAMES =
  'gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic|january|february|march|april|may|june|july|august|september|october|november|december|jan|jun|jul|aug|sep|sept|oct|dec';
const DATE_TEXT = new RegExp(String.raw`\b\d{1,2}\s?-\s?\d{1,2}\s?-\s?(\d{4}|\d{2})\b|\b\d{1,2}\s+(?:${MONTH_NAMES})\s+(\d{4}|'?\d{2})\b|\b((?:19|20)\d{2})\b|'(\d{2})\b`, 'iu');
const FULL_DATE = new RegExp(String.raw`\b(\d{1,2})\s?-\s?(\d{1,2})\s?-\s?(\d{4}|\d{2})\b|\b\d{1,2}\s+(?:${MONTH_NAMES})\s+(\d{4})\b`, 'giu');

/** A year a living adult was born in (two digits: 19xx). */
function birthYear(year: string): boolean {
  const digits = year.replace(/\D/g, '');
  const y = digits.length === 2 ? Number(digits) + 1900 : Number(digits);
  return y >= 1920 && y <= 2012;
}

function hasBirthDate(dashed: string): boolean {
  for (const m of dashed.matchAll(BIRTH_WORDS)) {
    const after = (dashed.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 40).split('\n')[0] ?? '');
    const date = DATE_TEXT.exec(after);
    if (date && birthYear(date[1] ?? date[2] ?? date[3] ?? date[4] ?? '')) return true;
  }
  for (const m of dashed.matchAll(FULL_DATE)) {
    if (!birthYear(m[3] ?? m[4] ?? '')) continue;
    const index = m.index ?? 0;
    const near = `${dashed.slice(Math.max(0, index - 40), index)} ${dashed.slice(index + m[0].length, index + m[0].length + 25)}`;
    if (wordsOf(near).some((w) => isGivenName(w))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Judicial data (a prison number, the end of a sentence) and names introduced by a title or a
// judicial context (sig.ra Rossi, la detenuta Maria, matricola 4521, fine pena 12/2027).

const JUDICIAL = /\b(?:matricola|matr|n\s?-?\s?matr|fine\s+pena|fine\s+della\s+pena|scarcerazione\s+prevista|posizione\s+giuridica|release\s+date|prison\s+number|inmate\s+number)\b[\s\-:°.n]{0,6}(?:il\s+|al\s+|nel\s+)?\d/iu;

function hasJudicialData(dashed: string): boolean {
  return JUDICIAL.test(dashed);
}

const TITLE_WORDS = String.raw`sig\.?\s?-?\s?r?a|sig\.?\s?-?\s?na|sig|sigg|signora|signorina|signor|sra|mrs|ms|mr|miss|madame|mme|mlle|frau`;
const CONTEXT_WORDS = String.raw`detenut[aoei]|ex\s+detenut[aoei]|ristrett[aoei]|reclus[aoei]|internat[aoei]|imputat[aoei]|condannat[aoei]|indagat[aoei]|arrestat[aoei]|carcerat[aoei]|inmate|prisoner|candidata|candidato|beneficiari[ao]|utente|tirocinante|affidat[aoei]|la\s+ragazza|la\s+donna|la\s+signora`;
const INTRODUCED = new RegExp(String.raw`(?<![\p{L}])(?:(${TITLE_WORDS})\.?|(${CONTEXT_WORDS}))[\s:,]+([\p{L}][\p{L}'’.]*)`, 'giu');
/** Capitalised words that follow these words without being a person's name. */
const NOT_A_NAME = new Set(
  'casa circondariale istituto carcere ufficio uepe comune regione provincia tribunale magistrato magistratura sorveglianza sezione reparto cooperativa coop associazione ente rete tavolo progetto presso della delle del dei di da in con per su tra fra al alla alle ai il lo la le gli un una uno e o ed che non sono è ha hanno nel nella nelle negli ogni tutte tutti questa questo quella quello stessa stesso interessata interessato segnalata segnalato proposta proposto inserita inserito selezionata assunta ammessa già ancora anche the a an of in at for and with who has is was'.split(
    ' ',
  ),
);

function hasTitledName(norm: string): boolean {
  for (const m of norm.matchAll(INTRODUCED)) {
    const word = m[3] ?? '';
    const bare = word.replace(/[.'’]+$/, '');
    if (NOT_A_NAME.has(bare.toLowerCase())) continue;
    const initials = /^(?:\p{Lu}\.){1,3}$/u.test(word) || /^\p{Lu}\.?$/u.test(word);
    const capitalised = /^\p{Lu}[\p{Ll}'’]+$/u.test(bare) || /^\p{Lu}{2,}$/u.test(bare);
    if (m[1] !== undefined ? capitalised || initials : isGivenName(bare) || (capitalised && !/^\p{Lu}{2,}$/u.test(bare)) || initials) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Given names (src/platform/input/given-names.txt, see given-names.SOURCE.md).

/** Names frequent among the women the network works with that the faker lists lack (Arabic, Albanian, West African transliterations). */
const EXTRA_GIVEN_NAMES = [
  'AMAL', 'ASMA', 'AYA', 'DUAA', 'HALA', 'HIBA', 'HIND', 'HUDA', 'IMAN', 'NOUR', 'NURA', 'RIMA', 'SAFA', 'SANA', 'WAFA', 'ZINA', 'ALIA',
  'DOHA', 'LAYA', 'SAMA', 'FATIMA', 'FATIMAZAHRA', 'KHADIJA', 'AICHA', 'AISHA', 'NAIMA', 'SAMIRA', 'KARIMA', 'LATIFA', 'MALIKA', 'NADIA',
  'RACHIDA', 'SAIDA', 'ZAHRA', 'ZAINAB', 'ZINEB', 'MERYEM', 'MARYAM', 'HANANE', 'IKRAM', 'SOUAD', 'LOUBNA', 'HAJAR', 'SALMA', 'YASMINE',
  'ARTA', 'BORA', 'JONA', 'LULE', 'ENI', 'EDA', 'ERA', 'DONA', 'ANJEZA', 'BLERTA', 'ALBANA', 'MIRELA', 'ELONA', 'ERMIRA', 'ILIRJANA',
  'BISI', 'BOLA', 'EBUN', 'IFE', 'OSA', 'TOBI', 'TOLU', 'UCHE', 'UJU', 'YEMI', 'FEMI', 'IDIA', 'BLESSING', 'PRECIOUS', 'FAVOUR',
  'OANA', 'ANCA', 'VIKA', 'NIKA', 'ZANA', 'ROZA', 'ILDA', 'ENZA', 'EDDA', 'CLIO',
];

/** Ordinary code and text words that some list carries as a name: never read as one. */
const NOT_GIVEN_NAMES = new Set(['ART', 'DEL', 'SEP', 'JAN', 'LEGA', 'INC', 'PER', 'TRI', 'SIR', 'CAN', 'LOS', 'MAS', 'JOB', 'JET', 'SKY', 'LOT', 'ION', 'CAS', 'MEX', 'DEV', 'NIL', 'TOR', 'SOM', 'PIT', 'LUX', 'MARE', 'UVE', 'SEM', 'ACE', 'AVE', 'DON', 'BEN', 'PIE', 'MAI', 'TIL', 'ITA', 'GUI', 'BAS', 'FOS', 'GAL', 'CON']);

let givenNames: ReadonlySet<string> | undefined;

function loadGivenNames(): ReadonlySet<string> {
  if (!givenNames) {
    const lines = readFileSync(projectFile('src', 'platform', 'input', 'given-names.txt'), 'utf8').split('\n');
    const names = new Set(lines.map((l) => l.trim()).filter((l) => /^[A-Z]{3,}$/.test(l)));
    for (const n of EXTRA_GIVEN_NAMES) names.add(n);
    for (const n of NOT_GIVEN_NAMES) names.delete(n);
    givenNames = names;
  }
  return givenNames;
}

/** Upper-case ASCII letters of a word, accents removed (Zoë → ZOE). */
export function foldName(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z]/g, '');
}

/** Whether a whole word is a given name of the shipped list (three letters or more). */
export function isGivenName(word: string): boolean {
  const folded = foldName(word);
  return folded.length >= 3 && loadGivenNames().has(folded);
}

function wordsOf(text: string): string[] {
  return text.match(/\p{L}+/gu) ?? [];
}
