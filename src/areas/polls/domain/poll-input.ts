import { instantFromLocal, dayjs } from '../../../platform/time';
import { findPersonalData } from '../../../platform/input/personal-data';
import { cleanText, type FieldErrors, type Validated } from '../../../platform/input/validation';
import { POLL_KINDS, VOTE_SCOPES, type PollKind, type PollSlot, type VoteScope } from './types';

export const QUESTION_MAX = 300;
export const OPTION_MAX = 75;
export const OPTIONS_MIN = 2;
export const OPTIONS_MAX = 20;
export const SLOTS_MAX = 20;
export const DEFAULT_SLOT_MINUTES = 120;

export type PollField = 'kind' | 'question' | 'options' | 'slots' | 'settings' | 'scope' | 'organizations' | 'deadlineDate' | 'deadlineTime' | 'channel';

export interface PollSettings {
  multipleChoice: boolean;
  anonymous: boolean;
  resultsHidden: boolean;
}

export interface PollInput extends PollSettings {
  kind: PollKind;
  question: string;
  options: string[];
  slots: Array<PollSlot & { startsAt: Date }>;
  voteScope: VoteScope;
  /** Empty means every active organization. */
  organizationIds: number[];
  closesAt: Date | null;
  channelId: string;
}

export interface RawPollInput {
  kind?: string;
  question?: string;
  options?: string;
  slots?: string;
  settings?: string[];
  scope?: string;
  organizationIds?: string[];
  deadlineDate?: string;
  deadlineTime?: string;
  channelId?: string;
}

/** One candidate slot a line: `2026-12-03 10:00 120`, `03/12/2026 10:00-12:00` or `2026-12-03 10:00` (2 hours). */
export function parseSlotLine(line: string): PollSlot | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})\s+(\d{1,2})[:.](\d{2})(?:\s*(?:-\s*(\d{1,2})[:.](\d{2})|\s+(\d{1,4})(?:\s*(?:min|m|minuti|minutes))?))?$/i.exec(line.trim());
  if (!m) return undefined;
  const day = dayjs(m[1], ['YYYY-MM-DD', 'D/M/YYYY', 'DD/MM/YYYY'], true);
  if (!day.isValid()) return undefined;
  const startMin = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[2]) > 23 || Number(m[3]) > 59) return undefined;
  let endMin: number;
  if (m[4] !== undefined) {
    if (Number(m[4]) > 23 || Number(m[5]) > 59) return undefined;
    endMin = Number(m[4]) * 60 + Number(m[5]);
  } else {
    endMin = startMin + (m[6] !== undefined ? Number(m[6]) : DEFAULT_SLOT_MINUTES);
  }
  if (endMin <= startMin || endMin > 24 * 60 - 1) return undefined;
  return { date: day.format('YYYY-MM-DD'), start: hhmm(startMin), end: hhmm(endMin) };
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function lines(text: string): string[] {
  return cleanText(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Validates the create-poll modal; `now` and `tz` decide what is in the past. */
export function validatePollInput(raw: RawPollInput, now: Date, tz: string): Validated<PollInput, PollField> {
  const errors: FieldErrors<PollField> = {};
  const kind = POLL_KINDS.find((k) => k === raw.kind);
  if (!kind) errors.kind = { key: 'polls.form.kind_required' };

  const question = cleanText(raw.question).replace(/\n+/g, ' ');
  if (!question) errors.question = { key: 'polls.form.question_required' };
  else if (question.length > QUESTION_MAX) errors.question = { key: 'polls.form.too_long', values: { max: QUESTION_MAX } };
  else {
    const personal = findPersonalData(question);
    if (personal) errors.question = { key: `common.personal_data.${personal}` };
  }

  let options: string[] = [];
  let slots: PollInput['slots'] = [];
  if (kind === 'choice') {
    options = lines(raw.options ?? '');
    const seen = new Set<string>();
    const duplicate = options.find((o) => {
      const k = o.toLowerCase();
      if (seen.has(k)) return true;
      seen.add(k);
      return false;
    });
    const tooLong = options.find((o) => o.length > OPTION_MAX);
    const personal = options.map((o) => findPersonalData(o)).find(Boolean);
    if (options.length < OPTIONS_MIN) errors.options = { key: 'polls.form.options_too_few', values: { min: OPTIONS_MIN } };
    else if (options.length > OPTIONS_MAX) errors.options = { key: 'polls.form.options_too_many', values: { max: OPTIONS_MAX, count: options.length } };
    else if (tooLong) errors.options = { key: 'polls.form.option_too_long', values: { max: OPTION_MAX, option: tooLong.slice(0, 40) } };
    else if (duplicate) errors.options = { key: 'polls.form.option_duplicate', values: { option: duplicate } };
    else if (personal) errors.options = { key: `common.personal_data.${personal}` };
  } else if (kind === 'date') {
    const rows = lines(raw.slots ?? '');
    if (rows.length === 0) errors.slots = { key: 'polls.form.slots_required' };
    else if (rows.length > SLOTS_MAX) errors.slots = { key: 'polls.form.slots_too_many', values: { max: SLOTS_MAX, count: rows.length } };
    else {
      const seen = new Set<string>();
      for (const [i, row] of rows.entries()) {
        const slot = parseSlotLine(row);
        const startsAt = slot ? instantFromLocal(slot.date, slot.start, tz) : undefined;
        if (!slot || !startsAt) {
          errors.slots = { key: 'polls.form.slot_invalid', values: { line: i + 1, text: row.slice(0, 40) } };
          break;
        }
        if (startsAt.getTime() <= now.getTime()) {
          errors.slots = { key: 'polls.form.slot_past', values: { line: i + 1, text: row.slice(0, 40) } };
          break;
        }
        const key = `${slot.date} ${slot.start}-${slot.end}`;
        if (seen.has(key)) {
          errors.slots = { key: 'polls.form.slot_duplicate', values: { line: i + 1, text: row.slice(0, 40) } };
          break;
        }
        seen.add(key);
        slots.push({ ...slot, startsAt });
      }
      slots = [...slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    }
  }

  const settings = new Set(raw.settings ?? []);
  const multipleChoice = settings.has('multiple');
  if (kind === 'date' && multipleChoice) errors.settings = { key: 'polls.form.multiple_not_for_dates' };

  const voteScope = VOTE_SCOPES.find((s) => s === raw.scope);
  if (!voteScope) errors.scope = { key: 'polls.form.scope_required' };

  const organizationIds: number[] = [];
  for (const id of raw.organizationIds ?? []) {
    const n = Number(id);
    if (!Number.isSafeInteger(n) || n <= 0) {
      errors.organizations = { key: 'polls.form.organizations_invalid' };
      break;
    }
    organizationIds.push(n);
  }

  let closesAt: Date | null = null;
  if (raw.deadlineDate || raw.deadlineTime) {
    if (!raw.deadlineDate) errors.deadlineDate = { key: 'polls.form.deadline_date_missing' };
    else if (!raw.deadlineTime) errors.deadlineTime = { key: 'polls.form.deadline_time_missing' };
    else {
      const at = instantFromLocal(raw.deadlineDate, raw.deadlineTime, tz);
      if (!at) errors.deadlineDate = { key: 'polls.form.deadline_invalid' };
      else if (at.getTime() <= now.getTime() + 5 * 60_000) errors.deadlineDate = { key: 'polls.form.deadline_past' };
      else closesAt = at;
    }
  }

  const channelId = raw.channelId && /^[CG][A-Z0-9]+$/.test(raw.channelId) ? raw.channelId : undefined;
  if (!channelId) errors.channel = { key: 'polls.form.channel_required' };

  if (Object.keys(errors).length > 0 || !kind || !voteScope || !channelId) return { ok: false, errors };
  return {
    ok: true,
    value: {
      kind,
      question,
      options,
      slots,
      multipleChoice,
      anonymous: settings.has('anonymous'),
      resultsHidden: settings.has('hidden'),
      voteScope,
      organizationIds: [...new Set(organizationIds)],
      closesAt,
      channelId,
    },
  };
}
