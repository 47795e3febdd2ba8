import type { Locale } from '../../../platform/config';
import type { Poll, PollKind, PollOption, PollSlot, PollStatus, PollVote, VoteAnswer, VoteScope } from '../domain/types';
import type { Queryable } from '../../../platform/database/transaction';

function toPoll(r: Record<string, unknown>): Poll {
  return {
    id: Number(r.id),
    kind: r.kind as PollKind,
    question: r.question as string,
    multipleChoice: Boolean(r.multiple_choice),
    anonymous: Boolean(r.anonymous),
    voteScope: r.vote_scope as VoteScope,
    resultsHidden: Boolean(r.results_hidden),
    closesAt: (r.closes_at as Date | null) ?? null,
    status: r.status as PollStatus,
    closedAt: (r.closed_at as Date | null) ?? null,
    resultPostedAt: (r.result_posted_at as Date | null) ?? null,
    reminderCount: Number(r.reminder_count),
    channelId: r.channel_id as string,
    locale: r.locale as Locale,
    createdByUserId: r.created_by_user_id as string,
    createdAt: r.created_at as Date,
    voterSalt: (r.voter_salt as string | null) ?? null,
  };
}

function toOption(r: Record<string, unknown>): PollOption {
  const slot: PollSlot | null = r.slot_date
    ? { date: r.slot_date as string, start: r.slot_start_time as string, end: r.slot_end_time as string }
    : null;
  return { id: Number(r.id), pollId: Number(r.poll_id), position: Number(r.position), label: r.label as string, slot };
}

function toVote(r: Record<string, unknown>): PollVote {
  return {
    optionId: Number(r.option_id),
    answer: r.answer as VoteAnswer,
    voterKey: r.voter_key as string,
    voterUserId: (r.voter_user_id as string | null) ?? null,
    organizationId: r.organization_id === null || r.organization_id === undefined ? null : Number(r.organization_id),
    votedAt: r.voted_at as Date,
  };
}

export type NewPoll = Pick<
  Poll,
  'kind' | 'question' | 'multipleChoice' | 'anonymous' | 'voteScope' | 'resultsHidden' | 'closesAt' | 'channelId' | 'locale' | 'createdByUserId'
> & { createdByOrganizationId: number | null; voterSalt: string };

export async function insertPoll(
  q: Queryable,
  poll: NewPoll,
  options: Array<{ label: string; slot?: PollSlot & { startsAt: Date } }>,
  organizationIds: number[],
): Promise<Poll> {
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
      voter_salt: poll.voterSalt,
    })
    .returning('*');
  const created = toPoll(row as Record<string, unknown>);
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
  const row = (await q('polls').where({ id }).first()) as Record<string, unknown> | undefined;
  return row ? toPoll(row) : undefined;
}

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
  const row = (await q('poll_options as o')
    .join('polls as p', 'p.id', 'o.poll_id')
    .where('o.id', optionId)
    .select(
      'p.*',
      'o.id as option_id',
      'o.position as option_position',
      'o.label as option_label',
      'o.slot_date as option_slot_date',
      'o.slot_start_time as option_slot_start_time',
      'o.slot_end_time as option_slot_end_time',
      q.raw('exists (select 1 from poll_invited_organizations pi where pi.poll_id = p.id and pi.organization_id = ?) as invited', [organizationId ?? -1]),
    )
    .forShare('p')
    .first()) as Record<string, unknown> | undefined;
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
  return { poll: toPoll(row), option, invited: Boolean(row.invited) };
}

export async function listOptions(q: Queryable, pollId: number): Promise<PollOption[]> {
  return ((await q('poll_options').where({ poll_id: pollId }).orderBy('position')) as Array<Record<string, unknown>>).map(toOption);
}

export async function listVotes(q: Queryable, pollId: number): Promise<PollVote[]> {
  return ((await q('poll_votes').where({ poll_id: pollId }).orderBy('id')) as Array<Record<string, unknown>>).map(toVote);
}

export async function listInvitedOrganizations(q: Queryable, pollId: number): Promise<Array<{ id: number; shortName: string; name: string }>> {
  const rows = (await q('poll_invited_organizations as pi')
    .join('organizations as o', 'o.id', 'pi.organization_id')
    .where('pi.poll_id', pollId)
    .select('o.id', 'o.short_name', 'o.name')
    .orderBy('o.short_name')) as Array<{ id: number; short_name: string; name: string }>;
  return rows.map((r) => ({ id: Number(r.id), shortName: r.short_name, name: r.name }));
}

export interface VoteRow {
  pollId: number;
  optionId: number;
  voterKey: string;
  voterUserId: string | null;
  organizationId: number | null;
  answer: VoteAnswer;
  now: Date;
}

function voteValues(v: VoteRow, ballotSlot: number) {
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
  const patch: Record<string, unknown> = { status: input.to, updated_at: input.now };
  if (input.to === 'closed') Object.assign(patch, { closed_at: input.now, closed_by_user_id: input.userId });
  else Object.assign(patch, { closed_at: null, closed_by_user_id: null, result_posted_at: null });
  const rows = (await q('polls').where({ id: input.id, status: input.from }).update(patch).returning('*')) as Array<Record<string, unknown>>;
  return rows[0] ? toPoll(rows[0]) : undefined;
}

export async function markResultPosted(q: Queryable, id: number, now: Date): Promise<void> {
  await q('polls').where({ id }).update({ result_posted_at: now });
}

export async function nextReminderNumber(q: Queryable, id: number): Promise<number> {
  const rows = (await q('polls').where({ id }).increment('reminder_count', 1).returning('reminder_count')) as Array<{ reminder_count: number }>;
  return Number(rows[0]?.reminder_count ?? 0);
}

/**
 * Polls whose deadline has passed and whose closing (or result post) is not done yet, and polls
 * closed early whose deadline passed in the last `refreshWindowMs` (their message loses "Reopen").
 */
export async function listPollsPastDeadline(q: Queryable, now: Date, refreshWindowMs: number): Promise<Poll[]> {
  const rows = (await q('polls')
    .where('closes_at', '<=', now)
    .andWhere((w) =>
      w
        .where('status', 'open')
        .orWhereNull('result_posted_at')
        .orWhere((early) => early.whereRaw('closed_at < closes_at').where('closes_at', '>', new Date(now.getTime() - refreshWindowMs))),
    )
    .orderBy('closes_at')) as Array<Record<string, unknown>>;
  return rows.map(toPoll);
}

/**
 * Open polls whose deadline is within `windowMs` from now and that were open for at least that
 * long before it (a poll created the day before its deadline needs no reminder straight away).
 */
export async function listOpenPollsClosingWithin(q: Queryable, now: Date, windowMs: number): Promise<Poll[]> {
  const rows = (await q('polls')
    .where('status', 'open')
    .where('closes_at', '>', now)
    .where('closes_at', '<=', new Date(now.getTime() + windowMs))
    .whereRaw(`created_at <= closes_at - (? * interval '1 millisecond')`, [windowMs])
    .orderBy('closes_at')) as Array<Record<string, unknown>>;
  return rows.map(toPoll);
}

export interface PollParticipation {
  poll: Poll;
  invitedOrganizations: number;
  respondedOrganizations: number;
  respondents: number;
}

/**
 * Open polls and polls closed since `closedSince`, newest first, with how many invited
 * organizations and voters answered (the digest reads the same numbers).
 */
export async function listPollsWithParticipation(q: Queryable, input: { closedSince: Date; limit: number }): Promise<PollParticipation[]> {
  const rows = (await q('polls as p')
    .where((w) => w.where('p.status', 'open').orWhere('p.closed_at', '>=', input.closedSince))
    .select(
      'p.*',
      q.raw('(select count(*) from poll_invited_organizations pi where pi.poll_id = p.id) as invited_organizations'),
      q.raw(
        `(select count(distinct v.organization_id) from poll_votes v
           join poll_invited_organizations pi on pi.poll_id = v.poll_id and pi.organization_id = v.organization_id
          where v.poll_id = p.id) as responded_organizations`,
      ),
      q.raw('(select count(distinct v.voter_key) from poll_votes v where v.poll_id = p.id) as respondents'),
    )
    .orderByRaw(`case when p.status = 'open' then 0 else 1 end`)
    .orderBy('p.id', 'desc')
    .limit(input.limit)) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    poll: toPoll(r),
    invitedOrganizations: Number(r.invited_organizations),
    respondedOrganizations: Number(r.responded_organizations),
    respondents: Number(r.respondents),
  }));
}

/** Voter keys of a poll, to find who has not answered yet. */
export async function listVoterKeys(q: Queryable, pollId: number): Promise<Set<string>> {
  const rows = (await q('poll_votes').where({ poll_id: pollId }).distinct('voter_key')) as Array<{ voter_key: string }>;
  return new Set(rows.map((r) => r.voter_key));
}

export async function countVotes(q: Queryable, pollId: number): Promise<number> {
  const row = (await q('poll_votes').where({ poll_id: pollId }).count<{ count: number }[]>('* as count').first()) as { count: number } | undefined;
  return Number(row?.count ?? 0);
}
