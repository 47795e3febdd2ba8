import { csvFile, type CsvCell } from '../../../platform/exports/csv';
import type { Locale } from '../../../platform/i18n/locales';
import { tallyPoll } from '../domain/tally';
import type { PollKind, PollOption, PollState, VoteAnswer } from '../domain/types';
import { pollsMessages } from '../messages';

/** What a kind of poll contributes to the CSV: the cells that describe one of its options. */
export interface PollKindExport {
  /** slot_date, slot_start, slot_end. */
  slotCells(option: PollOption): [CsvCell, CsvCell, CsvCell];
}

/** Every kind's CSV cells: the type-checker refuses a kind of PollKind without its entry. */
export const POLL_KIND_EXPORTS = {
  choice: { slotCells: () => [null, null, null] },
  date: { slotCells: (o) => [o.slot?.date, o.slot?.start, o.slot?.end] },
} as const satisfies Record<PollKind, PollKindExport>;

const OPTION_COLUMNS = ['poll_id', 'question', 'option_number', 'option', 'slot_date', 'slot_start', 'slot_end'] as const;

type Column = keyof ReturnType<typeof pollsMessages>['export']['columns'];

/** Where the file is read: the reader's language (headers, answers, separators) and the app's time zone. */
export interface PollCsvOptions {
  locale: Locale;
  tz: string;
}

function headers(columns: readonly Column[], locale: Locale): string[] {
  const names = pollsMessages(locale).export.columns;
  return columns.map((c) => names[c]);
}

function answerLabel(answer: VoteAnswer, locale: Locale): string {
  const m = pollsMessages(locale).message;
  return { yes: m.answer_yes, maybe: m.answer_maybe, no: m.answer_no }[answer];
}

function optionCells(state: PollState, option: PollOption): CsvCell[] {
  return [state.poll.id, state.poll.question, option.position, option.label, ...POLL_KIND_EXPORTS[state.poll.kind].slotCells(option)];
}

/** Anonymous polls: counts per option and answer, no voter. */
export function anonymousPollCsv(state: PollState, options: PollCsvOptions): Buffer {
  const tally = tallyPoll(state.options, state.votes, state.invitedOrganizations.map((o) => o.id), state.participants);
  return csvFile(
    {
      headers: headers([...OPTION_COLUMNS, 'yes', 'if_needed', 'no'], options.locale),
      rows: tally.options.map((o) => [...optionCells(state, o.option), o.counts.yes, o.counts.maybe, o.counts.no]),
    },
    options,
  );
}

/**
 * One row per vote: the organization of each vote, and for per-person polls the voter's id and
 * name (`names`: Slack display names by user id, empty when unknown). Per-organization polls never
 * name a person, as the message does not.
 */
export function voterPollCsv(state: PollState, names: ReadonlyMap<string, string>, options: PollCsvOptions): Buffer {
  const byId = new Map(state.options.map((o) => [o.id, o]));
  const orgs = new Map(state.invitedOrganizations.map((o) => [o.id, o.shortName]));
  const byPerson = state.poll.voteScope === 'person';
  const rows = state.votes
    .flatMap((v) => {
      const option = byId.get(v.optionId);
      return option ? [{ v, option }] : [];
    })
    .sort((a, b) => a.option.position - b.option.position || (a.v.votedAt?.getTime() ?? 0) - (b.v.votedAt?.getTime() ?? 0))
    .map(({ v, option }): CsvCell[] => {
      const common = [...optionCells(state, option), answerLabel(v.answer, options.locale), orgs.get(v.organizationId ?? -1)];
      const voter = byPerson ? [v.voterUserId, v.voterUserId ? names.get(v.voterUserId) : null] : [];
      return [...common, ...voter, v.votedAt ?? null];
    });
  const columns: Column[] = [...OPTION_COLUMNS, 'answer', 'organization', ...(byPerson ? (['voter_user_id', 'voter_name'] as const) : []), 'voted_at'];
  return csvFile({ headers: headers(columns, options.locale), rows }, options);
}

/** The user ids a per-person export names (none for anonymous or per-organization polls). */
export function votersToName(state: PollState): string[] {
  if (state.poll.anonymous || state.poll.voteScope !== 'person') return [];
  return [...new Set(state.votes.map((v) => v.voterUserId).filter((u): u is string => Boolean(u)))];
}
