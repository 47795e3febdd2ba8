import { instantFromLocal, resolveLocalTime } from '../../../platform/time';
import { personalDataError } from '../../../platform/input/personal-data';

/** The platform's detector (re-exported for callers that imported it from here). */
export { personalDataError };
import type { LocalizedText } from '../../../platform/i18n/messages';
import { cleanText, hasErrors, type FieldErrors, type Validated } from '../../../platform/input/validation';
import { tableMessages } from '../messages';
import type { ActionItem } from './types';

export type MeetingField = 'title' | 'date' | 'start' | 'end' | 'place' | 'link' | 'agenda' | 'organizations' | 'channel';

export const DEFAULT_MEETING_TITLE = 'Tavolo interistituzionale ISO.NEW';
export const MAX_AGENDA_ITEMS = 20;
export const MAX_AGENDA_TEXT = 300;
const MAX_TITLE = 120;
const MAX_PLACE = 200;
const MAX_LINK = 500;

export interface MeetingInputRaw {
  title?: string | null;
  date?: string | null;
  start?: string | null;
  end?: string | null;
  place?: string | null;
  link?: string | null;
  /** One agenda item per line (only when convening). */
  agenda?: string | null;
  organizationIds?: readonly string[];
  channelId?: string | null;
}

export interface MeetingInput {
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  link: string | null;
  agenda: string[];
  organizationIds: number[];
  channelId: string;
}

export interface MeetingValidationContext {
  now: Date;
  timezone: string;
  /** Organizations that may be invited (active ones). */
  invitableOrganizationIds: readonly number[];
  /** False when editing: the channel and the agenda do not change there. */
  convening: boolean;
}

/**
 * Why a wall-clock time cannot be a meeting's: it does not exist that day (the spring change to
 * summer time skips it), or it happens twice (the autumn change back): refused, naming the time.
 */
export function localTimeError(reason: 'invalid' | 'gap' | 'ambiguous', time: string): LocalizedText {
  if (reason === 'gap') return tableMessages.text((m) => m.errors.time_in_gap({ time }));
  if (reason === 'ambiguous') return tableMessages.text((m) => m.errors.time_ambiguous({ time }));
  return tableMessages.text((m) => m.errors.time_invalid);
}

export function isHttpUrl(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/** One agenda item per non-empty line, bullets and numbering removed. */
export function agendaLines(text: string): string[] {
  return cleanText(text)
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*•]|\d{1,2}[.)])\s*/, '').trim())
    .filter(Boolean);
}

/** An open action item carried onto the next meeting's agenda: its text and the organization responsible. */
export function carriedActionText(action: Pick<ActionItem, 'text' | 'ownerOrganizationShortName'>): string {
  return `${action.text} (${action.ownerOrganizationShortName})`;
}

export function validateAgendaText(text: string): LocalizedText | undefined {
  if (!text) return tableMessages.text((m) => m.errors.agenda_empty);
  if (text.length > MAX_AGENDA_TEXT) return tableMessages.text((m) => m.errors.agenda_too_long({ max: MAX_AGENDA_TEXT }));
  return personalDataError(text, tableMessages.text((m) => m.modal.agenda_label));
}

export function validateMeetingInput(raw: MeetingInputRaw, ctx: MeetingValidationContext): Validated<MeetingInput, MeetingField> {
  const errors: FieldErrors<MeetingField> = {};
  const title = cleanText(raw.title).replace(/\n/g, ' ') || DEFAULT_MEETING_TITLE;
  if (title.length > MAX_TITLE) errors.title = tableMessages.text((m) => m.errors.title_too_long({ max: MAX_TITLE }));
  else {
    const pd = personalDataError(title, tableMessages.text((m) => m.modal.title_label));
    if (pd) errors.title = pd;
  }

  const date = raw.date ?? '';
  const start = raw.start ?? '';
  const end = raw.end ?? '';
  const startTime = date && start ? resolveLocalTime(date, start, ctx.timezone) : undefined;
  const endTime = date && end ? resolveLocalTime(date, end, ctx.timezone) : undefined;
  const startsAt = startTime?.ok ? startTime.instant : undefined;
  const endsAt = endTime?.ok ? endTime.instant : undefined;
  if (!date) errors.date = tableMessages.text((m) => m.errors.date_required);
  else if (!instantFromLocal(date, '12:00', ctx.timezone)) errors.date = tableMessages.text((m) => m.errors.date_invalid);
  if (!start) errors.start = tableMessages.text((m) => m.errors.start_required);
  else if (!/^\d{2}:\d{2}$/.test(start)) errors.start = tableMessages.text((m) => m.errors.time_invalid);
  else if (date && !errors.date && startTime && !startTime.ok) errors.start = localTimeError(startTime.reason, start);
  if (!end) errors.end = tableMessages.text((m) => m.errors.end_required);
  else if (!/^\d{2}:\d{2}$/.test(end)) errors.end = tableMessages.text((m) => m.errors.time_invalid);
  else if (date && !errors.date && endTime && !endTime.ok) errors.end = localTimeError(endTime.reason, end);
  if (startsAt && endsAt && !errors.start && !errors.end) {
    if (endsAt.getTime() <= startsAt.getTime()) errors.end = tableMessages.text((m) => m.errors.end_before_start);
    if (startsAt.getTime() <= ctx.now.getTime()) errors.date = tableMessages.text((m) => m.errors.in_the_past);
  }

  const place = cleanText(raw.place).replace(/\n/g, ' ');
  const link = cleanText(raw.link);
  if (place.length > MAX_PLACE) errors.place = tableMessages.text((m) => m.errors.place_too_long({ max: MAX_PLACE }));
  else if (place) {
    const pd = personalDataError(place, tableMessages.text((m) => m.modal.place_label));
    if (pd) errors.place = pd;
  }
  if (link && (link.length > MAX_LINK || !isHttpUrl(link))) errors.link = tableMessages.text((m) => m.errors.link_invalid);
  if (!place && !link) errors.place = tableMessages.text((m) => m.errors.place_or_link);

  let agenda: string[] = [];
  if (ctx.convening) {
    agenda = agendaLines(raw.agenda ?? '');
    if (agenda.length > MAX_AGENDA_ITEMS) errors.agenda = tableMessages.text((m) => m.errors.agenda_too_many({ max: MAX_AGENDA_ITEMS }));
    else {
      const bad = agenda.map(validateAgendaText).find(Boolean);
      if (bad) errors.agenda = bad;
    }
  }

  const organizationIds = [...new Set((raw.organizationIds ?? []).map(Number))].filter((id) => ctx.invitableOrganizationIds.includes(id));
  if (organizationIds.length === 0) errors.organizations = tableMessages.text((m) => m.errors.organizations_required);

  const channelId = (raw.channelId ?? '').trim();
  if (ctx.convening && !/^[CG][A-Z0-9]+$/.test(channelId)) errors.channel = tableMessages.text((m) => m.errors.channel_required);

  if (hasErrors(errors) || !startsAt || !endsAt) return { ok: false, errors };
  return { ok: true, value: { title, startsAt, endsAt, place: place || null, link: link || null, agenda, organizationIds, channelId } };
}

/** The date/time prefill carried by a closed date poll's button; anything malformed is ignored. */
export interface ConvenePrefill {
  pollId: number;
  date: string;
  start: string;
  end: string;
}

export function parseConvenePrefill(value: string | undefined, timezone: string): ConvenePrefill | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value ?? '');
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const { pollId, date, start, end } = parsed as Record<string, unknown>;
  if (typeof pollId !== 'number' || !Number.isSafeInteger(pollId) || pollId <= 0) return undefined;
  if (typeof date !== 'string' || typeof start !== 'string' || typeof end !== 'string') return undefined;
  const from = resolveLocalTime(date, start, timezone);
  const to = resolveLocalTime(date, end, timezone);
  if (!from.ok || !to.ok || to.instant.getTime() <= from.instant.getTime()) return undefined;
  return { pollId, date, start, end };
}
