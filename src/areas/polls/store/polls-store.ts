import type { Locale } from '../../../platform/i18n/locales';
import type { Queryable } from '../../../platform/database/transaction';
import type { Table } from '../../../platform/database/tables';
import type {
  InvitedOrganization,
  NewPollOption,
  Poll,
  PollKind,
  PollOption,
  PollParticipant,
  PollParticipation,
  PollStatus,
  PollVote,
  VoteAnswer,
  VoteScope,
} from '../domain/types';

/** A row of polls (migrations 20261124102000, 20261205100000); the CHECK constraints hold the unions. */
export interface PollRow {
  id: number;
  kind: PollKind;
  question: string;
  multiple_choice: boolean;
  anonymous: boolean;
  vote_scope: VoteScope;
  results_hidden: boolean;
  closes_at: Date | null;
  status: PollStatus;
  closed_at: Date | null;
  closed_by_user_id: string | null;
  result_posted_at: Date | null;
  reminder_count: number;
  reminded_at: Date | null;
  ballot_key_id: string | null;
  channel_id: string;
  locale: Locale;
  created_by_user_id: string;
  created_by_organization_id: number | null;
  created_at: Date;
  updated_at: Date;
}

type PollInsert = Pick<
  PollRow,
  | 'kind'
  | 'question'
  | 'multiple_choice'
  | 'anonymous'
  | 'vote_scope'
  | 'results_hidden'
  | 'closes_at'
  | 'channel_id'
  | 'locale'
  | 'created_by_user_id'
  | 'created_by_organization_id'
  | 'ballot_key_id'
  | 'created_at'
  | 'updated_at'
>;

export interface PollOptionRow {
  id: number;
  poll_id: number;
  position: number;
  label: string;
  /** 'YYYY-MM-DD' (both drivers are told to return dates as text). */
  slot_date: string | null;
  slot_start_time: string | null;
  slot_end_time: string | null;
  slot_starts_at: Date | null;
}

export interface PollVoteRow {
  id: number;
  poll_id: number;
  option_id: number;
  ballot_slot: number;
  voter_key: string;
  voter_user_id: string | null;
  organization_id: number | null;
  answer: VoteAnswer;
  /** Null for anonymous ballots (migration 20261204110000): no time is kept. */
  voted_at: Date | null;
}

/**
 * Who has answered a poll that is not anonymous (migration 20261204110000): no option, no time, no
 * serial id. Anonymous polls have no rows here (migration 20261205100000): who answered them is
 * recomputed from their keyed ballots with the app's secret.
 */
export interface PollParticipantRow {
  poll_id: number;
  participant: string;
  organization_id: number | null;
}

interface PollInvitedOrganizationRow {
  poll_id: number;
  organization_id: number;
}

declare module 'knex/types/tables' {
  interface Tables {
    polls: Table<PollRow, PollInsert>;
    poll_options: Table<PollOptionRow, Omit<PollOptionRow, 'id'>>;
    poll_votes: Table<PollVoteRow, Omit<PollVoteRow, 'id'>>;
    poll_invited_organizations: Table<PollInvitedOrganizationRow>;
    poll_participants: Table<PollParticipantRow>;
  }
}

function toPoll(r: PollRow): Poll {
  return {
    id: r.id,
    kind: r.kind,
    question: r.question,
    multipleChoice: r.multiple_choice,
    anonymous: r.anonymous,
    voteScope: r.vote_scope,
    resultsHidden: r.results_hidden,
    closesAt: r.closes_at,
    status: r.status,
    closedAt: r.closed_at,
    resultPostedAt: r.result_posted_at,
    reminderCount: r.reminder_count,
    remindedAt: r.reminded_at,
    ballotKeyId: r.ballot_key_id,
    channelId: r.channel_id,
    locale: r.locale,
    createdByUserId: r.created_by_user_id,
    createdAt: r.created_at,
  };
}

function toOption(r: Pick<PollOptionRow, 'id' | 'poll_id' | 'position' | 'label' | 'slot_date' | 'slot_start_time' | 'slot_end_time'>): PollOption {
  const slot = r.slot_date ? { date: r.slot_date, start: r.slot_start_time ?? '', end: r.slot_end_time ?? '' } : null;
  return { id: r.id, pollId: r.poll_id, position: r.position, label: r.label, slot };
}

function toVote(r: PollVoteRow): PollVote {
  return {
    optionId: r.option_id,
    answer: r.answer,
    voterKey: r.voter_key,
    voterUserId: r.voter_user_id,
    organizationId: r.organization_id,
    votedAt: r.voted_at,
  };
}

export type NewPoll = Pick<
  Poll,
  'kind' | 'question' | 'multipleChoice' | 'anonymous' | 'voteScope' | 'resultsHidden' | 'closesAt' | 'channelId' | 'locale' | 'createdByUserId'
> & { createdByOrganizationId: number | null; /** Anonymous polls: the key of the app's secret that keys their ballots. */ ballotKeyId?: string | null };

/** Creates a poll at `now` (the app's clock), with its options and invited organizations. */

export async function insertPoll(q: Queryable, poll: NewPoll, options: NewPollOption[], organizationIds: number[], now: Date): Promise<Poll> {
  const [row] = await q('polls')
    .insert({
      kind: poll.kind,
      question: poll.question,
      multiple_choice: poll.multipleChoice,
      anonymous: poll.anonymous,
      vote_scope: poll.voteScope,
      results_hidden: poll.resultsHidden,
      closes_at: poll.closesAt,
      channel_id: poll.channelId,
      locale: poll.locale,
      created_by_user_id: poll.createdByUserId,
      created_by_organization_id: poll.createdByOrganizationId,
      ballot_key_id: poll.ballotKeyId ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('*');
  if (!row) throw new Error('insert into polls returned no row');
  const created = toPoll(row);
  await q('poll_options').insert(
    options.map((o, i) => ({
      poll_id: created.id,
      position: i + 1,
      label: o.label,
      slot_date: o.slot?.date ?? null,
      slot_start_time: o.slot?.start ?? null,
      slot_end_time: o.slot?.end ?? null,
      slot_starts_at: o.slot?.startsAt ?? null,
    })),
  );
  if (organizationIds.length) {
    await q('poll_invited_organizations').insert(organizationIds.map((id) => ({ poll_id: created.id, organization_id: id })));
  }
  return created;
}

export async function findPoll(q: Queryable, id: number): Promise<Poll | undefined> {
  const row = await q('polls').where({ id }).first();
  return row ? toPoll(row) : undefined;
}

type VoteTargetRow = PollRow & {
  option_id: number;
  option_position: number;
  option_label: string;
  option_slot_date: string | null;
  option_slot_start_time: string | null;
  option_slot_end_time: string | null;
  invited: boolean;
};

/**
 * What a vote needs in one round trip: the option, its poll (read FOR SHARE, so votes proceed
 * side by side but never across a close, which updates the row) and whether the voter's
 * organization is invited.
 */
export async function findOptionForVote(
  q: Queryable,
  optionId: number,
  organizationId: number | null,
): Promise<{ poll: Poll; option: PollOption; invited: boolean } | undefined> {
  const row = await q('poll_options as o')
    .join('polls as p', 'p.id', 'o.poll_id')
    .where('o.id', optionId)
    .first<VoteTargetRow | undefined>(
      'p.*',
      'o.id as option_id',
      'o.position as option_position',
      'o.label as option_label',
      'o.slot_date as option_slot_date',
      'o.slot_start_time as option_slot_start_time',
      'o.slot_end_time as option_slot_end_time',
      q.raw('exists (select 1 from poll_invited_organizations pi where pi.poll_id = p.id and pi.organization_id = ?) as invited', [organizationId ?? -1]),
    )
    .forShare('p');
  if (!row) return undefined;
  const option = toOption({
    id: row.option_id,
    poll_id: row.id,
    position: row.option_position,
    label: row.option_label,
    slot_date: row.option_slot_date,
    slot_start_time: row.option_slot_start_time,
    slot_end_time: row.option_slot_end_time,
  });
  return { poll: toPoll(row), option, invited: row.invited };
}

/**
 * What a batch of votes needs in two round trips: each option with its poll (read FOR SHARE, as
 * `findOptionForVote`), and which of these polls' invited organizations are which.
 */
export async function findOptionsForVotes(q: Queryable, optionIds: number[]): Promise<{ options: Map<number, { poll: Poll; option: PollOption }>; invited: Set<string> }> {
  const options = new Map<number, { poll: Poll; option: PollOption }>();
  const invited = new Set<string>();
  if (optionIds.length === 0) return { options, invited };
  const rows = await q('poll_options as o')
    .join('polls as p', 'p.id', 'o.poll_id')
    .whereIn('o.id', optionIds)
    .select<VoteTargetRow[]>(
      'p.*',
      'o.id as option_id',
      'o.position as option_position',
      'o.label as option_label',
      'o.slot_date as option_slot_date',
      'o.slot_start_time as option_slot_start_time',
      'o.slot_end_time as option_slot_end_time',
      q.raw('false as invited'),
    )
    .forShare('p');
  for (const row of rows) {
    const option = toOption({
      id: row.option_id,
      poll_id: row.id,
      position: row.option_position,
      label: row.option_label,
      slot_date: row.option_slot_date,
      slot_start_time: row.option_slot_start_time,
      slot_end_time: row.option_slot_end_time,
    });
    options.set(option.id, { poll: toPoll(row), option });
  }
  const pollIds = [...new Set(rows.map((r) => r.id))];
  if (pollIds.length) {
    for (const r of await q('poll_invited_organizations').whereIn('poll_id', pollIds).select('poll_id', 'organization_id')) invited.add(`${r.poll_id}:${r.organization_id}`);
  }
  return { options, invited };
}

/** Of these (poll, voter key) pairs, those with at least one ballot: "poll:key". */
export async function existingBallotKeys(q: Queryable, pairs: Array<[number, string]>): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await q('poll_votes').whereIn(['poll_id', 'voter_key'], pairs).distinct('poll_id', 'voter_key');
  return new Set(rows.map((r) => `${r.poll_id}:${r.voter_key}`));
}

/**
 * Many single-ballot or per-option votes in one statement: each replaces the voter's earlier
 * vote in its slot (the unique key). A voter's later vote in `votes` wins over an earlier one.
 */
export async function upsertVotes(q: Queryable, votes: Array<{ vote: VoteRow; ballotSlot: number }>): Promise<void> {
  const last = new Map<string, Omit<PollVoteRow, 'id'>>();
  for (const { vote, ballotSlot } of votes) last.set(`${vote.pollId}\u0000${vote.voterKey}\u0000${ballotSlot}`, voteValues(vote, ballotSlot));
  if (last.size === 0) return;
  await q('poll_votes')
    .insert([...last.values()])
    .onConflict(['poll_id', 'voter_key', 'ballot_slot'])
    .merge(['option_id', 'voter_user_id', 'organization_id', 'answer', 'voted_at']);
}

/** Records that these participants have answered (idempotent), in one statement. */
export async function addParticipants(q: Queryable, rows: Array<{ pollId: number; participant: PollParticipant }>): Promise<void> {
  const unique = new Map<string, PollParticipantRow>();
  for (const r of rows) unique.set(`${r.pollId}:${r.participant.participant}`, { poll_id: r.pollId, participant: r.participant.participant, organization_id: r.participant.organizationId });
  if (unique.size === 0) return;
  await q('poll_participants').insert([...unique.values()]).onConflict(['poll_id', 'participant']).merge(['organization_id']);
}

export async function listOptions(q: Queryable, pollId: number): Promise<PollOption[]> {
  return (await q('poll_options').where({ poll_id: pollId }).orderBy('position')).map(toOption);
}

export async function listVotes(q: Queryable, pollId: number): Promise<PollVote[]> {
  return (await q('poll_votes').where({ poll_id: pollId }).orderBy('id')).map(toVote);
}

export async function listInvitedOrganizations(q: Queryable, pollId: number): Promise<InvitedOrganization[]> {
  const rows = await q('poll_invited_organizations as pi')
    .join('organizations as o', 'o.id', 'pi.organization_id')
    .where('pi.poll_id', pollId)
    .select<Array<{ id: number; short_name: string; name: string }>>('o.id', 'o.short_name', 'o.name')
    .orderBy('o.short_name');
  return rows.map((r) => ({ id: r.id, shortName: r.short_name, name: r.name }));
}

export interface VoteRow {
  pollId: number;
  optionId: number;
  voterKey: string;
  voterUserId: string | null;
  organizationId: number | null;
  answer: VoteAnswer;
  /** Null for an anonymous ballot. */
  now: Date | null;
}

function voteValues(v: VoteRow, ballotSlot: number): Omit<PollVoteRow, 'id'> {
  return {
    poll_id: v.pollId,
    option_id: v.optionId,
    ballot_slot: ballotSlot,
    voter_key: v.voterKey,
    voter_user_id: v.voterUserId,
    organization_id: v.organizationId,
    answer: v.answer,
    voted_at: v.now,
  };
}

/**
 * One statement per vote: the unique key (poll, voter, ballot slot) makes a second vote of the
 * same voter replace the first (single choice: slot 0; date polls: slot = option), so concurrent
 * votes on any number of replicas are counted once each.
 */
export async function upsertVote(q: Queryable, vote: VoteRow, ballotSlot: number): Promise<void> {
  await q('poll_votes')
    .insert(voteValues(vote, ballotSlot))
    .onConflict(['poll_id', 'voter_key', 'ballot_slot'])
    .merge(['option_id', 'voter_user_id', 'organization_id', 'answer', 'voted_at']);
}

/** Multiple choice: a click adds the option, a second click takes it away. Returns whether it is now selected. */
export async function toggleVote(q: Queryable, vote: VoteRow): Promise<boolean> {
  const removed = await q('poll_votes').where({ poll_id: vote.pollId, voter_key: vote.voterKey, ballot_slot: vote.optionId }).delete().returning('id');
  if (removed.length > 0) return false;
  await q('poll_votes').insert(voteValues(vote, vote.optionId)).onConflict(['poll_id', 'voter_key', 'ballot_slot']).ignore();
  return true;
}

export async function setPollStatus(
  q: Queryable,
  input: { id: number; from: PollStatus; to: PollStatus; userId: string | null; now: Date },
): Promise<Poll | undefined> {
  const patch =
    input.to === 'closed'
      ? { status: input.to, updated_at: input.now, closed_at: input.now, closed_by_user_id: input.userId }
      : { status: input.to, updated_at: input.now, closed_at: null, closed_by_user_id: null, result_posted_at: null };
  const [row] = await q('polls').where({ id: input.id, status: input.from }).update(patch).returning('*');
  return row ? toPoll(row) : undefined;
}

export async function markResultPosted(q: Queryable, id: number, now: Date): Promise<void> {
  await q('polls').where({ id }).update({ result_posted_at: now });
}

/**
 * Claims "Sollecita" for this poll at `now`: true when the poll is open and its reminders were
 * last sent at least `windowMs` ago (or never). One statement: of two clicks at once, on any
 * replica, the second waits for the first's row lock, then finds the window taken.
 */
export async function claimReminder(q: Queryable, id: number, now: Date, windowMs: number): Promise<Poll | undefined> {
  const [row] = await q('polls')
    .where({ id, status: 'open' })
    .andWhere((w) => w.whereNull('reminded_at').orWhere('reminded_at', '<=', new Date(now.getTime() - windowMs)))
    .update({ reminded_at: now, reminder_count: q.raw('reminder_count + 1'), updated_at: now })
    .returning('*');
  return row ? toPoll(row) : undefined;
}

/**
 * Polls whose deadline has passed and whose closing (or result post) is not done yet, and polls
 * closed early whose deadline passed in the last `refreshWindowMs` (their message loses "Reopen").
 */
export async function listPollsPastDeadline(q: Queryable, now: Date, refreshWindowMs: number): Promise<Poll[]> {
  const rows = await q('polls')
    .where('closes_at', '<=', now)
    .andWhere((w) =>
      w
        .where('status', 'open')
        .orWhereNull('result_posted_at')
        .orWhere((early) => early.whereRaw('closed_at < closes_at').where('closes_at', '>', new Date(now.getTime() - refreshWindowMs))),
    )
    .orderBy('closes_at');
  return rows.map(toPoll);
}

/**
 * Open polls whose deadline is within `windowMs` from now and that were open for at least that
 * long before it (a poll created the day before its deadline needs no reminder straight away).
 */
export async function listOpenPollsClosingWithin(q: Queryable, now: Date, windowMs: number): Promise<Poll[]> {
  const rows = await q('polls')
    .where('status', 'open')
    .where('closes_at', '>', now)
    .where('closes_at', '<=', new Date(now.getTime() + windowMs))
    .whereRaw(`created_at <= closes_at - (? * interval '1 millisecond')`, [windowMs])
    .orderBy('closes_at');
  return rows.map(toPoll);
}

type ParticipationRow = PollRow & { invited_organizations: number; responded_organizations: number; respondents: number };

/**
 * Open polls and polls closed since `closedSince`, newest first, with how many invited
 * organizations and voters (distinct ballots) answered. Anonymous polls have no recorded
 * participants: their answering organizations are recomputed by the caller, with the app's secret.
 */
export async function listPollsWithParticipation(q: Queryable, input: { closedSince: Date; limit: number }): Promise<PollParticipation[]> {
  const rows = await q('polls as p')
    .where((w) => w.where('p.status', 'open').orWhere('p.closed_at', '>=', input.closedSince))
    .select<ParticipationRow[]>(
      'p.*',
      q.raw('(select count(*) from poll_invited_organizations pi where pi.poll_id = p.id) as invited_organizations'),
      q.raw(
        `(select count(distinct pp.organization_id) from poll_participants pp
           join poll_invited_organizations pi on pi.poll_id = pp.poll_id and pi.organization_id = pp.organization_id
          where pp.poll_id = p.id) as responded_organizations`,
      ),
      q.raw('(select count(distinct pv.voter_key) from poll_votes pv where pv.poll_id = p.id) as respondents'),
    )
    .orderByRaw(`case when p.status = 'open' then 0 else 1 end`)
    .orderBy('p.id', 'desc')
    .limit(input.limit);
  return rows.map((r) => ({
    poll: toPoll(r),
    invitedOrganizations: Number(r.invited_organizations),
    respondedOrganizations: Number(r.responded_organizations),
    respondents: Number(r.respondents),
  }));
}

/** Who has answered the poll (people, or organizations for per-organization polls), in no particular order. */
export async function listParticipants(q: Queryable, pollId: number): Promise<PollParticipant[]> {
  const rows = await q('poll_participants').where({ poll_id: pollId }).orderBy('participant');
  return rows.map((r) => ({ participant: r.participant, organizationId: r.organization_id }));
}


/** Whether this voter key has a ballot in the poll. */
export async function hasBallot(q: Queryable, pollId: number, voterKey: string): Promise<boolean> {
  return (await q('poll_votes').where({ poll_id: pollId, voter_key: voterKey }).first('id')) !== undefined;
}


/** Forgets that this participant has answered (their last ballot was withdrawn). */
export async function removeParticipant(q: Queryable, pollId: number, participant: string): Promise<void> {
  await q('poll_participants').where({ poll_id: pollId, participant }).delete();
}

/** A poll read FOR SHARE: a change of ballot proceeds beside votes, never across a close. */
export async function findPollForShare(q: Queryable, id: number): Promise<Poll | undefined> {
  const row = await q('polls').where({ id }).forShare().first();
  return row ? toPoll(row) : undefined;
}

/** The ballots of these (poll, voter key) pairs, in the options' order: what each voter has chosen. */
export async function listBallotsOf(q: Queryable, pairs: Array<[number, string]>): Promise<Array<{ pollId: number; voterKey: string; option: PollOption; answer: VoteAnswer }>> {
  if (pairs.length === 0) return [];
  const rows = await q('poll_votes as v')
    .join('poll_options as o', 'o.id', 'v.option_id')
    .whereIn(['v.poll_id', 'v.voter_key'], pairs)
    .orderBy('o.position')
    .select<Array<PollOptionRow & { voter_key: string; answer: VoteAnswer }>>('o.*', 'v.voter_key', 'v.answer');
  return rows.map((r) => ({ pollId: r.poll_id, voterKey: r.voter_key, option: toOption(r), answer: r.answer }));
}

/** Deletes one voter's ballots in a poll; returns the option ids and answers taken away. */
export async function deleteBallots(q: Queryable, pollId: number, voterKey: string): Promise<Array<{ optionId: number; answer: VoteAnswer }>> {
  const rows = await q('poll_votes').where({ poll_id: pollId, voter_key: voterKey }).delete().returning(['option_id', 'answer']);
  return (rows as Array<Pick<PollVoteRow, 'option_id' | 'answer'>>).map((r) => ({ optionId: r.option_id, answer: r.answer }));
}

/** The distinct ballot keys of each of these polls (anonymous polls: who answered is recomputed from them). */
export async function listBallotKeys(q: Queryable, pollIds: number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>(pollIds.map((id) => [id, new Set<string>()]));
  if (pollIds.length === 0) return out;
  for (const r of await q('poll_votes').whereIn('poll_id', pollIds).distinct('poll_id', 'voter_key')) out.get(r.poll_id)?.add(r.voter_key);
  return out;
}

/** The invited organizations' ids of each of these polls. */
export async function listInvitedOrganizationIds(q: Queryable, pollIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>(pollIds.map((id) => [id, []]));
  if (pollIds.length === 0) return out;
  for (const r of await q('poll_invited_organizations').whereIn('poll_id', pollIds).orderBy('organization_id')) out.get(r.poll_id)?.push(r.organization_id);
  return out;
}

/** The recorded participants of each of these polls (none for anonymous polls). */
export async function listParticipantsOf(q: Queryable, pollIds: number[]): Promise<Map<number, PollParticipant[]>> {
  const out = new Map<number, PollParticipant[]>(pollIds.map((id) => [id, []]));
  if (pollIds.length === 0) return out;
  for (const r of await q('poll_participants').whereIn('poll_id', pollIds).orderBy('participant')) out.get(r.poll_id)?.push({ participant: r.participant, organizationId: r.organization_id });
  return out;
}

/** Polls by id (the reporting reads recompute who answered the anonymous ones). */
export async function findPolls(q: Queryable, ids: number[]): Promise<Poll[]> {
  if (ids.length === 0) return [];
  return (await q('polls').whereIn('id', ids).orderBy('id')).map(toPoll);
}
