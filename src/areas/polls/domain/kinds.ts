import { personalDataError } from '../../../platform/input/personal-data';
import { cleanText, type FieldError } from '../../../platform/input/validation';
import type { LocalizedText } from '../../../platform/i18n/messages';
import { resolveLocalTime } from '../../../platform/time';
import { pollsMessages } from '../messages';
import { parseSlotLine } from './slots';
import { VOTE_ANSWERS, type Ballot, type VoteAnswer } from './ballot';
import type { NewPollOption, PollField, RawPollInput } from './form';

/**
 * The kinds of poll, and below each one's rules: the place a new kind starts. Its name here and
 * its entry in POLL_KIND_RULES; the type-checker then asks for its rendering (slack/views/kinds.ts)
 * and its CSV cells (exports/poll-csv.ts), and test/areas/polls for the database's CHECK constraint.
 */
export const POLL_KINDS = ['choice', 'date'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

export const OPTION_MAX = 75;
export const OPTIONS_MIN = 2;
export const OPTIONS_MAX = 20;
export const SLOTS_MAX = 20;

/**
 * What a kind of poll decides, besides its rendering (slack/views/kinds.ts) and its CSV cells
 * (exports/poll-csv.ts): how the create form's options are read, whether several answers may be
 * chosen, which answers a vote may carry, how votes are kept and how the result is ranked.
 */
export interface PollKindRules {
  /** The form field this kind's options are written in (its errors are shown there). */
  readonly optionsField: Extract<PollField, 'options' | 'slots'>;
  /** Reads this kind's options from the form; `now` and `tz` decide what is in the past. */
  readOptions(raw: RawPollInput, context: { now: Date; tz: string }): { ok: true; options: NewPollOption[] } | { ok: false; error: FieldError };
  /** Whether the "multiple choice" setting applies; the reason shown when it does not. */
  readonly multipleChoice: { allowed: true } | { allowed: false; refusal: LocalizedText };
  /** The answer a vote button carries; undefined when this kind takes no such answer. */
  answer(raw: string | undefined): VoteAnswer | undefined;
  /** How a voter's votes are kept. */
  ballot(poll: { multipleChoice: boolean }): Ballot;
  /** What ranks an option in the result: compared in order, the highest wins, equal best options tie. */
  score(counts: Readonly<Record<VoteAnswer, number>>): readonly [number, number];
}

function lines(text: string): string[] {
  return cleanText(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

const optionPersonalData = (text: string): FieldError | undefined => personalDataError(text, pollsMessages.text((m) => m.form.options_label));

/** A question with 2–20 written options; one answer, or several with "multiple choice". */
const choice: PollKindRules = {
  optionsField: 'options',
  readOptions(raw) {
    const options = lines(raw.options ?? '');
    const seen = new Set<string>();
    const duplicate = options.find((o) => {
      const k = o.toLowerCase();
      if (seen.has(k)) return true;
      seen.add(k);
      return false;
    });
    const tooLong = options.find((o) => o.length > OPTION_MAX);
    const personal = options.map(optionPersonalData).find(Boolean);
    const fail = (error: FieldError) => ({ ok: false as const, error });
    if (options.length < OPTIONS_MIN) return fail(pollsMessages.text((m) => m.form.options_too_few({ min: OPTIONS_MIN })));
    if (options.length > OPTIONS_MAX) return fail(pollsMessages.text((m) => m.form.options_too_many({ max: OPTIONS_MAX, count: options.length })));
    if (tooLong) return fail(pollsMessages.text((m) => m.form.option_too_long({ max: OPTION_MAX, option: tooLong.slice(0, 40) })));
    if (duplicate) return fail(pollsMessages.text((m) => m.form.option_duplicate({ option: duplicate })));
    if (personal) return fail(personal);
    return { ok: true, options: options.map((label) => ({ label })) };
  },
  multipleChoice: { allowed: true },
  answer: () => 'yes',
  ballot: (poll) => (poll.multipleChoice ? 'toggle' : 'single'),
  score: (counts) => [counts.yes, 0],
};

/** Candidate dates for the table: Sì / Se necessario / No for each; the most "yes", then the most "if needed", wins. */
const date: PollKindRules = {
  optionsField: 'slots',
  readOptions(raw, { now, tz }) {
    const rows = lines(raw.slots ?? '');
    if (rows.length === 0) return { ok: false, error: pollsMessages.text((m) => m.form.slots_required) };
    if (rows.length > SLOTS_MAX) return { ok: false, error: pollsMessages.text((m) => m.form.slots_too_many({ max: SLOTS_MAX, count: rows.length })) };
    const seen = new Set<string>();
    const slots: Array<NonNullable<NewPollOption['slot']>> = [];
    for (const [i, row] of rows.entries()) {
      const at = { line: i + 1, text: row.slice(0, 40) };
      const slot = parseSlotLine(row);
      // A time the spring change skips, or one the autumn change repeats, is refused by name (src/platform/time.ts).
      const start = slot ? resolveLocalTime(slot.date, slot.start, tz) : undefined;
      const end = slot ? resolveLocalTime(slot.date, slot.end, tz) : undefined;
      const unclear = [start, end].find((t) => t && !t.ok && t.reason !== 'invalid');
      if (unclear && !unclear.ok && unclear.reason === 'gap') return { ok: false, error: pollsMessages.text((m) => m.form.slot_in_gap(at)) };
      if (unclear && !unclear.ok && unclear.reason === 'ambiguous') return { ok: false, error: pollsMessages.text((m) => m.form.slot_ambiguous(at)) };
      const startsAt = start?.ok ? start.instant : undefined;
      if (!slot || !startsAt || !end?.ok) return { ok: false, error: pollsMessages.text((m) => m.form.slot_invalid(at)) };
      if (startsAt.getTime() <= now.getTime()) return { ok: false, error: pollsMessages.text((m) => m.form.slot_past(at)) };
      const key = `${slot.date} ${slot.start}-${slot.end}`;
      if (seen.has(key)) return { ok: false, error: pollsMessages.text((m) => m.form.slot_duplicate(at)) };
      seen.add(key);
      slots.push({ ...slot, startsAt });
    }
    const sorted = [...slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    return { ok: true, options: sorted.map((slot) => ({ label: `${slot.date} ${slot.start}-${slot.end}`, slot })) };
  },
  multipleChoice: { allowed: false, refusal: pollsMessages.text((m) => m.form.multiple_not_for_dates) },
  answer: (raw) => VOTE_ANSWERS.find((a) => a === raw),
  ballot: () => 'per_option',
  score: (counts) => [counts.yes, counts.maybe],
};

/** Every kind's rules: the type-checker refuses a kind of PollKind without its entry. */
export const POLL_KIND_RULES = { choice, date } as const satisfies Record<PollKind, PollKindRules>;

export function kindRules(kind: PollKind): PollKindRules {
  return POLL_KIND_RULES[kind];
}
