import { instantFromLocal } from '../../../platform/time';
import { personalDataError } from '../../../platform/input/personal-data';
import { cleanText, type FieldErrors, type Validated } from '../../../platform/input/validation';
import { pollsMessages } from '../messages';
import { kindRules } from './kinds';
import { POLL_KINDS, VOTE_SCOPES, type NewPollOption, type PollField, type PollKind, type RawPollInput, type VoteScope } from './types';

export const QUESTION_MAX = 300;
/** A deadline must be at least this far ahead. */
const DEADLINE_MIN_AHEAD_MS = 5 * 60_000;

export type { PollField, RawPollInput };

export interface PollSettings {
  multipleChoice: boolean;
  anonymous: boolean;
  resultsHidden: boolean;
}

export interface PollInput extends PollSettings {
  kind: PollKind;
  question: string;
  /** The options as the kind read them (labels, and the slot of a date poll), in their order. */
  options: NewPollOption[];
  voteScope: VoteScope;
  /** Empty means every active organization. */
  organizationIds: number[];
  closesAt: Date | null;
  channelId: string;
}

/** Validates the create-poll modal; `now` and `tz` decide what is in the past. */
export function validatePollInput(raw: RawPollInput, now: Date, tz: string): Validated<PollInput, PollField> {
  const errors: FieldErrors<PollField> = {};
  const kind = POLL_KINDS.find((k) => k === raw.kind);
  if (!kind) errors.kind = pollsMessages.text((m) => m.form.kind_required);

  const question = cleanText(raw.question).replace(/\n+/g, ' ');
  if (!question) errors.question = pollsMessages.text((m) => m.form.question_required);
  else if (question.length > QUESTION_MAX) errors.question = pollsMessages.text((m) => m.form.too_long({ max: QUESTION_MAX }));
  else {
    const personal = personalDataError(question, pollsMessages.text((m) => m.form.question_label));
    if (personal) errors.question = personal;
  }

  let options: NewPollOption[] = [];
  const settings = new Set(raw.settings ?? []);
  const multipleChoice = settings.has('multiple');
  if (kind) {
    const rules = kindRules(kind);
    const read = rules.readOptions(raw, { now, tz });
    if (read.ok) options = read.options;
    else errors[rules.optionsField] = read.error;
    if (multipleChoice && !rules.multipleChoice.allowed) errors.settings = rules.multipleChoice.refusal;
  }

  const voteScope = VOTE_SCOPES.find((s) => s === raw.scope);
  if (!voteScope) errors.scope = pollsMessages.text((m) => m.form.scope_required);

  const organizationIds: number[] = [];
  for (const id of raw.organizationIds ?? []) {
    const n = Number(id);
    if (!Number.isSafeInteger(n) || n <= 0) {
      errors.organizations = pollsMessages.text((m) => m.form.organizations_invalid);
      break;
    }
    organizationIds.push(n);
  }

  let closesAt: Date | null = null;
  if (raw.deadlineDate || raw.deadlineTime) {
    if (!raw.deadlineDate) errors.deadlineDate = pollsMessages.text((m) => m.form.deadline_date_missing);
    else if (!raw.deadlineTime) errors.deadlineTime = pollsMessages.text((m) => m.form.deadline_time_missing);
    else {
      const at = instantFromLocal(raw.deadlineDate, raw.deadlineTime, tz);
      if (!at) errors.deadlineDate = pollsMessages.text((m) => m.form.deadline_invalid);
      else if (at.getTime() <= now.getTime() + DEADLINE_MIN_AHEAD_MS) errors.deadlineDate = pollsMessages.text((m) => m.form.deadline_past);
      else closesAt = at;
    }
  }

  const channelId = raw.channelId && /^[CG][A-Z0-9]+$/.test(raw.channelId) ? raw.channelId : undefined;
  if (!channelId) errors.channel = pollsMessages.text((m) => m.form.channel_required);

  if (Object.keys(errors).length > 0 || !kind || !voteScope || !channelId) return { ok: false, errors };
  return {
    ok: true,
    value: {
      kind,
      question,
      options,
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
