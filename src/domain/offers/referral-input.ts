import { findPersonalData } from '../shared/personal-data';
import { cleanText, type FieldErrors, type Validated } from '../shared/validation';
import { checkFreeText } from './offer-input';

export type ReferralField = 'code' | 'organization' | 'note';

export const REFERRAL_NOTE_MAX = 500;
const CODE = /^[A-Z0-9-]{3,20}$/;

export interface ReferralInput {
  candidateCode: string;
  referringOrganizationId: number;
  note: string;
}

/**
 * A pseudonymous code (UEPE-2026-014) cannot look like a name. It must hold a digit, and no run
 * of letters may read like a word (five letters or more with two vowels, as ROSSI or MARIA-B1
 * would) unless that run is an organization's short name (LEGACOOP-12).
 */
export function looksLikeName(code: string, allowedWords: readonly string[] = []): boolean {
  if (!/\d/.test(code)) return true;
  const allowed = new Set(allowedWords.flatMap((w) => w.toUpperCase().split(/[^A-Z]+/)).filter(Boolean));
  for (const run of code.toUpperCase().match(/[A-Z]+/g) ?? []) {
    if (allowed.has(run)) continue;
    const vowels = (run.match(/[AEIOU]/g) ?? []).length;
    if (run.length >= 5 && vowels >= 2) return true;
  }
  return false;
}

export function normalizeCandidateCode(raw: string | null | undefined): string {
  return (raw ?? '').trim().toUpperCase();
}

export function validateReferralInput(
  raw: { code?: string | null; organizationId?: string | number | null; note?: string | null },
  organizationShortNames: readonly string[],
): Validated<ReferralInput, ReferralField> {
  const errors: FieldErrors<ReferralField> = {};
  const code = normalizeCandidateCode(raw.code);
  const personal = findPersonalData(raw.code ?? '');
  if (personal) errors.code = { key: `common.personal_data.${personal}` };
  else if (!CODE.test(code)) errors.code = { key: 'offers.errors.code_format' };
  else if (looksLikeName(code, organizationShortNames)) errors.code = { key: 'offers.errors.code_name_like' };
  const note = cleanText(raw.note);
  const noteError = checkFreeText(note, { required: false, max: REFERRAL_NOTE_MAX, requiredKey: '' });
  if (noteError) errors.note = noteError;
  const organizationId = typeof raw.organizationId === 'number' ? raw.organizationId : Number.parseInt(String(raw.organizationId ?? ''), 10);
  if (!Number.isSafeInteger(organizationId) || organizationId <= 0) errors.organization = { key: 'offers.errors.organization_required' };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { candidateCode: code, referringOrganizationId: organizationId, note } };
}
