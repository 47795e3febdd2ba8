import { stringify } from 'csv-stringify/sync';
import { tallyPoll } from '../domain/tally';
import type { PollKind, PollOption, PollState } from '../domain/types';

/** What a kind of poll contributes to the CSV: the cells that describe one of its options. */
export interface PollKindExport {
  /** slot_date, slot_start, slot_end. */
  slotCells(option: PollOption): [string, string, string];
}

/** Every kind's CSV cells: the type-checker refuses a kind of PollKind without its entry. */
export const POLL_KIND_EXPORTS = {
  choice: { slotCells: () => ['', '', ''] },
  date: { slotCells: (o) => [o.slot?.date ?? '', o.slot?.start ?? '', o.slot?.end ?? ''] },
} as const satisfies Record<PollKind, PollKindExport>;

const OPTION_COLUMNS = ['poll_id', 'question', 'option_number', 'option', 'slot_date', 'slot_start', 'slot_end'];

function optionCells(state: PollState, option: PollOption): Array<string | number> {
  return [state.poll.id, state.poll.question, option.position, option.label, ...POLL_KIND_EXPORTS[state.poll.kind].slotCells(option)];
}

/** Anonymous polls: counts per option and answer, no voter. */
export function anonymousPollCsv(state: PollState): string {
  const tally = tallyPoll(state.options, state.votes, state.invitedOrganizations.map((o) => o.id), state.participants);
  return stringify(
    tally.options.map((o) => [...optionCells(state, o.option), o.counts.yes, o.counts.maybe, o.counts.no]),
    { header: true, escape_formulas: true, columns: [...OPTION_COLUMNS, 'yes', 'if_needed', 'no'] },
  );
}

/**
 * One row per vote: the organization of each vote, and for per-person polls the voter's id and
 * name (`names`: Slack display names by user id, empty when unknown). Per-organization polls never
 * name a person, as the message does not.
 */
export function voterPollCsv(state: PollState, names: ReadonlyMap<string, string>): string {
  const options = new Map(state.options.map((o) => [o.id, o]));
  const orgs = new Map(state.invitedOrganizations.map((o) => [o.id, o.shortName]));
  const byPerson = state.poll.voteScope === 'person';
  const rows = state.votes
    .flatMap((v) => {
      const option = options.get(v.optionId);
      return option ? [{ v, option }] : [];
    })
    .sort((a, b) => a.option.position - b.option.position || (a.v.votedAt?.getTime() ?? 0) - (b.v.votedAt?.getTime() ?? 0))
    .map(({ v, option }) => {
      const common = [...optionCells(state, option), v.answer, orgs.get(v.organizationId ?? -1) ?? ''];
      const voter = byPerson ? [v.voterUserId ?? '', v.voterUserId ? (names.get(v.voterUserId) ?? '') : ''] : [];
      return [...common, ...voter, v.votedAt?.toISOString() ?? ''];
    });
  const columns = [...OPTION_COLUMNS, 'answer', 'organization'];
  return stringify(rows, { header: true, escape_formulas: true, columns: [...columns, ...(byPerson ? ['voter_user_id', 'voter_name'] : []), 'voted_at'] });
}

/** The user ids a per-person export names (none for anonymous or per-organization polls). */
export function votersToName(state: PollState): string[] {
  if (state.poll.anonymous || state.poll.voteScope !== 'person') return [];
  return [...new Set(state.votes.map((v) => v.voterUserId).filter((u): u is string => Boolean(u)))];
}
