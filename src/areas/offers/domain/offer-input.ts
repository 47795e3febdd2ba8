import { daysBetween, daysUntil } from '../../../platform/time';
import { personalDataError } from '../../../platform/input/personal-data';

/** The platform's detector (re-exported for callers that imported it from here). */
export { personalDataError };
import { cleanText, type FieldErrors, type Validated } from '../../../platform/input/validation';
import type { LocalizedText } from '../../../platform/i18n/messages';
import { offersMessages } from '../messages';
import { CONTRACT_TYPES, ELIGIBILITY, SECTORS, type ContractType, type Eligibility, type OfferInput, type OfferKind } from './types';

const error = offersMessages.text;

export type OfferField =
  | 'title'
  | 'sector'
  | 'positions'
  | 'contractType'
  | 'weeklyHours'
  | 'location'
  | 'startDate'
  | 'endDate'
  | 'deadline'
  | 'requirements'
  | 'eligibility'
  | 'organization';

export const OFFER_LIMITS = {
  titleMax: 120,
  locationMax: 80,
  requirementsMax: 2000,
  positionsMin: 1,
  positionsMax: 50,
  hoursMin: 1,
  hoursMax: 48,
  deadlineMaxDays: 366,
  /** A course lasts at most two years. */
  courseMaxDays: 731,
} as const;

export interface RawOfferInput {
  /** Absent: a job. */
  kind?: OfferKind | null;
  title?: string | null;
  sector?: string | null;
  positions?: string | null;
  contractType?: string | null;
  weeklyHours?: string | null;
  location?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  deadline?: string | null;
  requirements?: string | null;
  eligibility?: readonly string[] | null;
  organizationId?: string | number | null;
}

/** A free-text field (`field`: its label): required (the error when empty) or not, at most `max` characters, and no personal data. */
export function checkFreeText(value: string, options: { max: number; field: LocalizedText; required?: LocalizedText }): LocalizedText | undefined {
  if (!value) return options.required;
  if (value.length > options.max) return error((m) => m.errors.too_long({ max: options.max, length: value.length }));
  return personalDataError(value, options.field);
}

function wholeNumber(raw: string | null | undefined): number | undefined {
  const text = (raw ?? '').trim();
  if (!/^\d{1,4}$/.test(text)) return undefined;
  return Number.parseInt(text, 10);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Validates the offer form. Dates are calendar dates in APP_TIMEZONE: the deadline may be today
 * but not past, nor more than a year away; work cannot start before applications close, nor in
 * the past. A course (kind 'course') has no contract, and must say when it starts and ends: the end
 * not before the start, neither in the past, at most two years apart. `now` and `tz` come from the
 * caller (no clock here). When an offer is edited, `previous` holds its dates: a date left as it
 * was is not refused for having passed since.
 */
export function validateOfferInput(
  raw: RawOfferInput,
  now: Date,
  tz: string,
  previous?: Pick<OfferInput, 'deadline' | 'startDate' | 'endDate'>,
): Validated<OfferInput, OfferField> {
  const errors: FieldErrors<OfferField> = {};
  const kind: OfferKind = raw.kind === 'course' ? 'course' : 'job';
  const course = kind === 'course';
  const title = cleanText(raw.title).replace(/\n/g, ' ');
  const location = cleanText(raw.location).replace(/\n/g, ' ');
  const requirements = cleanText(raw.requirements);
  const titleError = checkFreeText(title, {
    max: OFFER_LIMITS.titleMax,
    field: course ? error((m) => m.course.modal.title_label) : error((m) => m.modal.title_label),
    required: course ? error((m) => m.course.errors.title_required) : error((m) => m.errors.title_required),
  });
  if (titleError) errors.title = titleError;
  const locationError = checkFreeText(location, { max: OFFER_LIMITS.locationMax, field: error((m) => m.modal.location_label), required: error((m) => m.errors.location_required) });
  if (locationError) errors.location = locationError;
  const requirementsError = checkFreeText(requirements, { max: OFFER_LIMITS.requirementsMax, field: error((m) => m.modal.requirements_label) });
  if (requirementsError) errors.requirements = requirementsError;

  const sector = SECTORS.find((s) => s === raw.sector);
  if (!sector) errors.sector = error((m) => m.errors.sector_required);
  const contractType: ContractType | null | undefined = course ? null : CONTRACT_TYPES.find((c) => c === raw.contractType);
  if (contractType === undefined) errors.contractType = error((m) => m.errors.contract_required);

  const positions = wholeNumber(raw.positions);
  if (positions === undefined || positions < OFFER_LIMITS.positionsMin || positions > OFFER_LIMITS.positionsMax) {
    const range = { min: OFFER_LIMITS.positionsMin, max: OFFER_LIMITS.positionsMax };
    errors.positions = course ? error((m) => m.course.errors.seats_range(range)) : error((m) => m.errors.positions_range(range));
  }
  let weeklyHours: number | null = null;
  if ((raw.weeklyHours ?? '').trim()) {
    const hours = wholeNumber(raw.weeklyHours);
    if (hours === undefined || hours < OFFER_LIMITS.hoursMin || hours > OFFER_LIMITS.hoursMax) {
      errors.weeklyHours = error((m) => m.errors.hours_range({ min: OFFER_LIMITS.hoursMin, max: OFFER_LIMITS.hoursMax }));
    } else weeklyHours = hours;
  }

  const deadline = raw.deadline && ISO_DATE.test(raw.deadline) ? raw.deadline : undefined;
  if (!deadline) errors.deadline = error((m) => m.errors.deadline_required);
  else {
    const days = daysUntil(deadline, now, tz);
    // An edit may keep a date that has passed since; a new or changed date must not be past.
    if (days < 0 && deadline !== previous?.deadline) errors.deadline = error((m) => m.errors.deadline_past);
    else if (days > OFFER_LIMITS.deadlineMaxDays) errors.deadline = error((m) => m.errors.deadline_too_far);
  }
  const startDate = raw.startDate && ISO_DATE.test(raw.startDate) ? raw.startDate : null;
  if (startDate) {
    if (daysUntil(startDate, now, tz) < 0 && startDate !== previous?.startDate) errors.startDate = course ? error((m) => m.course.errors.start_past) : error((m) => m.errors.start_past);
    else if (deadline && startDate < deadline) errors.startDate = course ? error((m) => m.course.errors.start_before_deadline) : error((m) => m.errors.start_before_deadline);
  } else if (course) errors.startDate = error((m) => m.course.errors.start_required);
  const endDate = course && raw.endDate && ISO_DATE.test(raw.endDate) ? raw.endDate : null;
  if (course) {
    if (!endDate) errors.endDate = error((m) => m.course.errors.end_required);
    else if (daysUntil(endDate, now, tz) < 0 && endDate !== previous?.endDate) errors.endDate = error((m) => m.course.errors.end_past);
    else if (startDate && endDate < startDate) errors.endDate = error((m) => m.course.errors.end_before_start);
    else if (startDate && daysBetween(startDate, endDate) > OFFER_LIMITS.courseMaxDays) errors.endDate = error((m) => m.course.errors.too_long);
  }

  const eligibility: Eligibility[] = ELIGIBILITY.filter((e) => (raw.eligibility ?? []).includes(e));
  if (eligibility.length === 0) errors.eligibility = error((m) => m.errors.eligibility_required);

  const organizationId = typeof raw.organizationId === 'number' ? raw.organizationId : wholeNumber(String(raw.organizationId ?? ''));
  if (!organizationId) errors.organization = error((m) => m.errors.organization_required);

  if (Object.keys(errors).length > 0 || !sector || contractType === undefined || positions === undefined || !deadline || !organizationId) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: { kind, organizationId, title, sector, positions, contractType, weeklyHours, location, startDate, endDate, deadline, requirements, eligibility },
  };
}
