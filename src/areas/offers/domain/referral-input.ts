import type { LocalizedText } from '../../../platform/i18n/messages';
import { cleanText, type FieldErrors, type Validated } from '../../../platform/input/validation';
import { offersMessages } from '../messages';
import { isGivenName, personalDataError } from '../../../platform/input/personal-data';
import { checkFreeText } from './offer-input';

export type ReferralField = 'code' | 'organization' | 'note';

export const REFERRAL_NOTE_MAX = 500;
const CODE = /^[A-Z0-9-]{3,20}$/;

export interface ReferralInput {
  candidateCode: string;
  referringOrganizationId: number;
  note: string;
}

/** Why a code carries identity: the start of a codice fiscale, a birth date, initials and a year, a given name, a name-like word. */
export type CodeIdentity = 'tax_code' | 'birth_date' | 'initials_year' | 'given_name' | 'name_like';

/** A surname or name part of a codice fiscale: its consonants, then its vowels, then X padding (RSS, MRA). */
const TAX_CODE_PART = /^[B-DF-HJ-NP-TV-Z]*[AEIOU]*X*$/;
const MONTHS_EN_IT = ['JAN|GEN', 'FEB', 'MAR', 'APR', 'MAY|MAG', 'JUN|GIU', 'JUL|LUG', 'AUG|AGO', 'SEP|SET', 'OCT|OTT', 'NOV', 'DEC|DIC'];

/** A year a living adult was born in: 1920–2010, or two digits 30–99 (an 85 is 1985; a 26 is this year's referral, not a birth). */
function birthYear(digits: string): boolean {
  if (digits.length === 4) return Number(digits) >= 1920 && Number(digits) <= 2010;
  return digits.length === 2 && Number(digits) >= 30;
}

function validDay(d: string): boolean {
  return Number(d) >= 1 && Number(d) <= 31;
}

function validMonth(m: string): boolean {
  return Number(m) >= 1 && Number(m) <= 12;
}

/** Whether digits (adjacent groups joined) read as a birth date: ddmmyy, ddmmyyyy, yyyymmdd, yymmdd. */
function birthDateDigits(digits: string): boolean {
  if (digits.length === 8) {
    return (validDay(digits.slice(0, 2)) && validMonth(digits.slice(2, 4)) && birthYear(digits.slice(4))) || (birthYear(digits.slice(0, 4)) && validMonth(digits.slice(4, 6)) && validDay(digits.slice(6)));
  }
  if (digits.length === 6) {
    return (validDay(digits.slice(0, 2)) && validMonth(digits.slice(2, 4)) && birthYear(digits.slice(4))) || (birthYear(digits.slice(0, 2)) && validMonth(digits.slice(2, 4)) && validDay(digits.slice(4)));
  }
  return false;
}

/**
 * What in a code (upper case, letters, digits and dashes) carries identity, if anything. A code
 * is pseudonymous: it holds a digit, and
 * - no start of a codice fiscale: two adjacent surname/name triples (RSSMRA, MRA-RSS), or its
 *   birth part (85T10, 80A41);
 * - no birth date in any common form: 120385, 12031985, 1985-03-12, 12-03-85, 12MAR85;
 * - no initials with a year of birth (MR85, MR-1985, 1985-MR);
 * - no given name as a whole token (KATE-1, MARY-1, ANNA-2026; several thousand names, see
 *   platform/input/given-names.SOURCE.md), and no name-like word of five letters or more with
 *   two vowels (ROSSI, MARIA-B1).
 * A token that is an organization's short name (UEPE, LEGACOOP) is always allowed.
 */
export function codeIdentity(code: string, allowedWords: readonly string[] = []): CodeIdentity | undefined {
  const upper = code.toUpperCase();
  const allowed = new Set(allowedWords.flatMap((w) => w.toUpperCase().split(/[^A-Z]+/)).filter(Boolean));
  const compact = upper.replace(/-/g, '');
  const letterRuns = (upper.match(/[A-Z]+/g) ?? []).filter((run) => !allowed.has(run));

  // The start of a codice fiscale: six letters in two plausible triples, or its birth part.
  const letters = upper.split(/[^A-Z]+/).filter((w) => w && !allowed.has(w));
  for (const w of letters) {
    for (let i = 0; i + 6 <= w.length; i++) {
      if (TAX_CODE_PART.test(w.slice(i, i + 3)) && TAX_CODE_PART.test(w.slice(i + 3, i + 6))) return 'tax_code';
    }
  }
  const tokens = upper.split('-').filter(Boolean);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i] ?? '';
    const b = tokens[i + 1] ?? '';
    if (/^[A-Z]{3}$/.test(a) && /^[A-Z]{3}$/.test(b) && !allowed.has(a) && !allowed.has(b) && TAX_CODE_PART.test(a) && TAX_CODE_PART.test(b)) return 'tax_code';
  }
  for (const m of compact.matchAll(/(?=(\d{2})([ABCDEHLMPRST])(\d{2}))/g)) {
    const day = Number(m[3]);
    if ((day >= 1 && day <= 31) || (day >= 41 && day <= 71)) return 'tax_code';
  }

  // A birth date: the digits of adjacent groups, or a day, a month's name and a year.
  const digitGroups = upper.split(/[^0-9]+/).filter(Boolean);
  for (let i = 0; i < digitGroups.length; i++) {
    for (let j = i; j < digitGroups.length; j++) {
      if (birthDateDigits(digitGroups.slice(i, j + 1).join(''))) return 'birth_date';
    }
  }
  const monthName = new RegExp(`(\\d{1,2})-?(?:${MONTHS_EN_IT.join('|')})[A-Z]*-?(\\d{2}|\\d{4})(?!\\d)`);
  const named = monthName.exec(upper);
  if (named && validDay(named[1] ?? '') && birthYear(named[2] ?? '')) return 'birth_date';

  // Initials (one to three letters) next to a year of birth.
  for (const m of upper.matchAll(/(?<![A-Z])([A-Z]{1,3})-?(\d{4}|\d{2})(?!\d)/g)) {
    if (!allowed.has(m[1] ?? '') && birthYear(m[2] ?? '')) return 'initials_year';
  }
  for (const m of upper.matchAll(/(?<!\d)(\d{4}|\d{2})-?([A-Z]{1,3})(?![A-Z])/g)) {
    if (!allowed.has(m[2] ?? '') && birthYear(m[1] ?? '')) return 'initials_year';
  }

  // A given name as a whole token, or a word that reads like a name.
  if (!/\d/.test(upper)) return 'name_like';
  for (const run of letterRuns) {
    if (isGivenName(run)) return 'given_name';
    const vowels = (run.match(/[AEIOU]/g) ?? []).length;
    if (run.length >= 5 && vowels >= 2) return 'name_like';
  }
  return undefined;
}

/** Whether a code reads like a name or carries identity (kept for callers that only need yes or no). */
export function looksLikeName(code: string, allowedWords: readonly string[] = []): boolean {
  return codeIdentity(code, allowedWords) !== undefined;
}

export function normalizeCandidateCode(raw: string | null | undefined): string {
  return (raw ?? '').trim().toUpperCase();
}

/**
 * Why a typed candidate code cannot be kept, if it cannot: personal data, the wrong shape, or
 * something that reads like a name. Every area that takes a code (referrals, pathways) asks here.
 */
export function candidateCodeError(raw: string, organizationShortNames: readonly string[]): LocalizedText | undefined {
  const code = normalizeCandidateCode(raw);
  const personal = personalDataError(raw, offersMessages.text((m) => m.referral_modal.code_label));
  if (personal) return personal;
  if (!CODE.test(code)) return offersMessages.text((m) => m.errors.code_format);
  const identity = codeIdentity(code, organizationShortNames);
  return identity ? offersMessages.text((m) => m.errors.code_identity[identity]) : undefined;
}

export function validateReferralInput(
  raw: { code?: string | null; organizationId?: string | number | null; note?: string | null },
  organizationShortNames: readonly string[],
): Validated<ReferralInput, ReferralField> {
  const errors: FieldErrors<ReferralField> = {};
  const code = normalizeCandidateCode(raw.code);
  const codeError = candidateCodeError(raw.code ?? '', organizationShortNames);
  if (codeError) errors.code = codeError;
  const note = cleanText(raw.note);
  const noteError = checkFreeText(note, { max: REFERRAL_NOTE_MAX, field: offersMessages.text((m) => m.referral_modal.note_label) });
  if (noteError) errors.note = noteError;
  const organizationId = typeof raw.organizationId === 'number' ? raw.organizationId : Number.parseInt(String(raw.organizationId ?? ''), 10);
  if (!Number.isSafeInteger(organizationId) || organizationId <= 0) errors.organization = offersMessages.text((m) => m.errors.organization_required);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { candidateCode: code, referringOrganizationId: organizationId, note } };
}
