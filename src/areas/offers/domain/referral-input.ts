import type { LocalizedText } from '../../../platform/i18n/messages';
import { cleanText, type FieldErrors, type Validated } from '../../../platform/input/validation';
import { offersMessages } from '../messages';
import { checkFreeText, personalDataError } from './offer-input';

export type ReferralField = 'code' | 'organization' | 'note';

export const REFERRAL_NOTE_MAX = 500;
const CODE = /^[A-Z0-9-]{3,20}$/;

export interface ReferralInput {
  candidateCode: string;
  referringOrganizationId: number;
  note: string;
}

/**
 * Common female given names of three or four letters, Italian and frequent among the women the
 * network works with (Romanian, Albanian, Moroccan, Nigerian and others). Longer names are caught
 * by the word rule in looksLikeName; these are too short for it (ANNA-2026, EVA-2026-1).
 */
const SHORT_GIVEN_NAMES: ReadonlySet<string> = new Set([
  // Italian
  'ADA', 'AIDA', 'ALBA', 'ALMA', 'ANNA', 'ASIA', 'BEA', 'CLIO', 'DINA', 'DORA', 'EDDA', 'ELIA', 'ELSA', 'EMMA', 'ENZA',
  'EVA', 'GAIA', 'GINA', 'IDA', 'ILDA', 'INES', 'IRIS', 'IRMA', 'ISA', 'IVA', 'LARA', 'LEA', 'LENA', 'LIA', 'LIDA', 'LINA',
  'LISA', 'LUCE', 'LUNA', 'MARA', 'MIA', 'MILA', 'NINA', 'NORA', 'OLGA', 'PIA', 'RINA', 'RITA', 'ROSA', 'SARA', 'TEA',
  'TINA', 'VERA', 'ZOE',
  // Romanian, Albanian, Slavic
  'ANA', 'ANCA', 'ANIA', 'ANJA', 'DANA', 'DEA', 'DONA', 'EDA', 'ENA', 'ENI', 'ERA', 'EVI', 'ARTA', 'BORA', 'JONA', 'LULE',
  'MIRA', 'OANA', 'ROZA', 'VIKA', 'IRA', 'NIKA', 'LILI', 'ZANA',
  // Moroccan and Arabic
  'AMAL', 'ASMA', 'AYA', 'DUAA', 'HALA', 'HIBA', 'HIND', 'HUDA', 'IMAN', 'NOUR', 'NURA', 'RIMA', 'SAFA', 'SANA', 'WAFA',
  'ZINA', 'ALIA', 'DOHA', 'LAYA', 'SAMA',
  // Nigerian and West African
  'AMA', 'AYO', 'BISI', 'BOLA', 'EBUN', 'EFE', 'ESE', 'IFE', 'JOY', 'NIKE', 'OLA', 'OSA', 'TOBI', 'TOLU', 'UCHE', 'UJU',
  'YEMI', 'FEMI', 'IDIA',
]);

/**
 * A pseudonymous code (UEPE-2026-014) cannot look like a name. It must hold a digit, and no run
 * of letters may read like a name: a common short given name (ANNA-2026, EVA-1) or a word of five
 * letters or more with two vowels (ROSSI, MARIA-B1). A run that is an organization's short name
 * (UEPE, LEGACOOP) is always allowed, and consonant clusters (ABC, CC) never read as names.
 */
export function looksLikeName(code: string, allowedWords: readonly string[] = []): boolean {
  if (!/\d/.test(code)) return true;
  const allowed = new Set(allowedWords.flatMap((w) => w.toUpperCase().split(/[^A-Z]+/)).filter(Boolean));
  for (const run of code.toUpperCase().match(/[A-Z]+/g) ?? []) {
    if (allowed.has(run)) continue;
    if (SHORT_GIVEN_NAMES.has(run)) return true;
    const vowels = (run.match(/[AEIOU]/g) ?? []).length;
    if (run.length >= 5 && vowels >= 2) return true;
  }
  return false;
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
  const personal = personalDataError(raw);
  if (personal) return personal;
  if (!CODE.test(code)) return offersMessages.text((m) => m.errors.code_format);
  if (looksLikeName(code, organizationShortNames)) return offersMessages.text((m) => m.errors.code_name_like);
  return undefined;
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
  const noteError = checkFreeText(note, { max: REFERRAL_NOTE_MAX });
  if (noteError) errors.note = noteError;
  const organizationId = typeof raw.organizationId === 'number' ? raw.organizationId : Number.parseInt(String(raw.organizationId ?? ''), 10);
  if (!Number.isSafeInteger(organizationId) || organizationId <= 0) errors.organization = offersMessages.text((m) => m.errors.organization_required);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { candidateCode: code, referringOrganizationId: organizationId, note } };
}
