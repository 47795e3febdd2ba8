import { cleanText, type FieldErrors, type Validated } from '../../../platform/input/validation';
import { personalDataError } from '../../../platform/input/personal-data';
import type { LocalizedText } from '../../../platform/i18n/messages';
import { dayjs } from '../../../platform/time';
import { CONTRACT_TYPES, candidateCodeError, type ContractType } from '../../offers';
import { pathwaysMessages } from '../messages';
import { FOLLOW_UP_MONTHS, isFollowUp, MILESTONE_KINDS, outcomesFor, type FollowUpKind, type Milestone, type MilestoneOutcome } from './types';

const text = pathwaysMessages.text;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MILESTONE_NOTE_MAX = 280;

export type PathwayField = 'code' | 'owner' | 'consent_on' | 'consented';

export interface PathwayInput {
  candidateCode: string;
  ownerOrganizationId: number;
  consentOn: string;
  /** The organizations the candidate agreed may see the pathway (the owner always may). */
  consentedOrganizationIds: number[];
}

function isoDate(raw: string | null | undefined): string | undefined {
  const value = (raw ?? '').trim();
  return ISO_DATE.test(value) && dayjs(value, 'YYYY-MM-DD', true).isValid() ? value : undefined;
}

function organizationId(raw: string | number | null | undefined): number | undefined {
  const id = typeof raw === 'number' ? raw : Number.parseInt(String(raw ?? ''), 10);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** A new pathway: a pseudonymous code, the owner, the consent date (not in the future) and who may see it. */
export function validatePathwayInput(
  raw: { code?: string | null; ownerOrganizationId?: string | number | null; consentOn?: string | null; consented?: readonly string[] | null },
  context: { today: string; organizationShortNames: readonly string[]; organizationIds: readonly number[] },
): Validated<PathwayInput, PathwayField> {
  const errors: FieldErrors<PathwayField> = {};
  const code = (raw.code ?? '').trim().toUpperCase();
  const codeError = candidateCodeError(raw.code ?? '', context.organizationShortNames);
  if (codeError) errors.code = codeError;
  const owner = organizationId(raw.ownerOrganizationId);
  if (owner === undefined || !context.organizationIds.includes(owner)) errors.owner = text((m) => m.errors.owner_required);
  const consentOn = isoDate(raw.consentOn);
  if (!consentOn) errors.consent_on = text((m) => m.errors.consent_required);
  else if (consentOn > context.today) errors.consent_on = text((m) => m.errors.consent_in_future);
  const consented: number[] = [];
  for (const value of raw.consented ?? []) {
    const id = organizationId(value);
    if (id === undefined || !context.organizationIds.includes(id)) {
      errors.consented = text((m) => m.errors.unknown_organization);
      break;
    }
    if (!consented.includes(id)) consented.push(id);
  }
  if (Object.keys(errors).length > 0 || owner === undefined || consentOn === undefined) return { ok: false, errors };
  return { ok: true, value: { candidateCode: code, ownerOrganizationId: owner, consentOn, consentedOrganizationIds: consented } };
}

export type MilestoneField = 'kind' | 'planned_on' | 'done_on' | 'responsible' | 'outcome' | 'same_employer' | 'contract' | 'note';

/** A milestone as planned or recorded: everything but its ids. */
export type MilestoneInput = Omit<Milestone, 'id' | 'pathwayId'>;

/** A short note: no personal data, at most 280 characters. */
function noteError(note: string): LocalizedText | undefined {
  if (note.length > MILESTONE_NOTE_MAX) return text((m) => m.errors.note_too_long({ max: MILESTONE_NOTE_MAX, length: note.length }));
  return personalDataError(note, text((m) => m.modal.note));
}

/**
 * A milestone as planned or recorded. A done date cannot be in the future; an outcome needs a
 * done date; an exit needs its status; a follow-up in work says whether the employer is the same.
 */
export function validateMilestoneInput(
  raw: {
    kind?: string | null;
    plannedOn?: string | null;
    doneOn?: string | null;
    responsibleOrganizationId?: string | number | null;
    outcome?: string | null;
    qualification?: boolean;
    sameEmployer?: string | null;
    contractType?: string | null;
    note?: string | null;
  },
  context: { today: string; organizationIds: readonly number[] },
): Validated<MilestoneInput, MilestoneField> {
  const errors: FieldErrors<MilestoneField> = {};
  const kind = MILESTONE_KINDS.find((k) => k === raw.kind);
  if (!kind) return { ok: false, errors: { kind: text((m) => m.errors.kind_required) } };
  const plannedOn = raw.plannedOn ? isoDate(raw.plannedOn) : null;
  if (plannedOn === undefined) errors.planned_on = text((m) => m.errors.date_invalid);
  const doneOn = raw.doneOn ? isoDate(raw.doneOn) : null;
  if (doneOn === undefined) errors.done_on = text((m) => m.errors.date_invalid);
  else if (doneOn && doneOn > context.today) errors.done_on = text((m) => m.errors.done_in_future);
  if (!plannedOn && !doneOn && plannedOn !== undefined && doneOn !== undefined) errors.planned_on = text((m) => m.errors.date_required);
  const responsible = organizationId(raw.responsibleOrganizationId);
  if (responsible === undefined || !context.organizationIds.includes(responsible)) errors.responsible = text((m) => m.errors.responsible_required);
  const outcome = raw.outcome ? outcomesFor(kind).find((o) => o === raw.outcome) : null;
  if (outcome === undefined) errors.outcome = text((m) => m.errors.outcome_invalid);
  else if (outcome && !doneOn && doneOn !== undefined) errors.done_on = text((m) => m.errors.done_required_for_outcome);
  else if (!outcome && doneOn && (kind === 'exit' || isFollowUp(kind))) errors.outcome = text((m) => m.errors.outcome_required);
  let sameEmployer: boolean | null = null;
  let contractType: ContractType | null = null;
  if (isFollowUp(kind) && outcome === 'employed') {
    if (raw.sameEmployer === 'yes' || raw.sameEmployer === 'no') sameEmployer = raw.sameEmployer === 'yes';
    else errors.same_employer = text((m) => m.errors.same_employer_required);
    const contract = CONTRACT_TYPES.find((c) => c === raw.contractType);
    if (raw.contractType && !contract) errors.contract = text((m) => m.errors.contract_invalid);
    contractType = contract ?? null;
  }
  const note = cleanText(raw.note);
  const noteProblem = note ? noteError(note) : undefined;
  if (noteProblem) errors.note = noteProblem;
  if (Object.keys(errors).length > 0 || responsible === undefined || plannedOn === undefined || doneOn === undefined || outcome === undefined) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: {
      kind,
      plannedOn,
      doneOn,
      responsibleOrganizationId: responsible,
      outcome,
      qualification: kind === 'training' && raw.qualification === true,
      sameEmployer,
      contractType,
      note: note || null,
    },
  };
}

/** The follow-ups an exit on `exitedOn` brings: 6 and 12 months later. */
export function followUpDates(exitedOn: string): Array<{ kind: FollowUpKind; plannedOn: string }> {
  return (Object.keys(FOLLOW_UP_MONTHS) as FollowUpKind[]).map((kind) => ({
    kind,
    plannedOn: dayjs.utc(exitedOn).add(FOLLOW_UP_MONTHS[kind], 'month').format('YYYY-MM-DD'),
  }));
}
