import type { PollSummary } from '../domain/reporting';
import type { Queryable } from '../../../platform/database/transaction';
import type { DigestPeriod } from '../../../platform/reporting';
import type { Poll } from '../domain/types';

/**
 * Read-only figures about polls for the digest, the App Home and the indicators, aggregated
 * in SQL. Open polls come from (status, closes_at); invitations from their primary key
 * (poll_id, organization_id) or the organization index; "has this organization answered" from
 * poll_participants (its organization index). Anonymous polls have no stored participation: the
 * reporting (src/areas/polls/reporting.ts) recomputes it from their keyed ballots.
 */

/** A count as the drivers return it (PostgreSQL's bigint comes back as a string). */
type Count = number | string;

interface PollSummaryRow {
  id: number;
  question: string;
  closes_at: Date | null;
  channel_id: string;
  invited: Count;
  answered: Count;
}

const INVITED = '(select count(*) from poll_invited_organizations pi where pi.poll_id = p.id)';
const ANSWERED = `(select count(*) from poll_invited_organizations pi
   where pi.poll_id = p.id
     and exists (select 1 from poll_participants pp where pp.poll_id = pi.poll_id and pp.organization_id = pi.organization_id))`;

function toSummary(r: PollSummaryRow): PollSummary {
  return {
    id: Number(r.id),
    question: r.question,
    closesAt: r.closes_at ?? undefined,
    channelId: r.channel_id,
    organizationsAnswered: Number(r.answered),
    organizationsTotal: Number(r.invited),
  };
}

function summaryColumns(q: Queryable) {
  return ['p.id', 'p.question', 'p.closes_at', 'p.channel_id', q.raw(`${INVITED} as invited`), q.raw(`${ANSWERED} as answered`)];
}

/**
 * Open polls, soonest deadline first, with how many invited organizations answered (an anonymous
 * poll's count is 0 here: no participation is stored for it, the caller recomputes it).
 */
export async function openPollsWithParticipation(q: Queryable): Promise<Array<{ poll: PollKey; summary: PollSummary }>> {
  const rows = await q('polls as p')
    .where('p.status', 'open')
    .orderByRaw('p.closes_at asc nulls last')
    .orderBy('p.id')
    .select<Array<PollSummaryRow & PollKeyRow>>([...summaryColumns(q), ...KEY_COLUMNS]);
  return rows.map((r) => ({ poll: toKey(r), summary: toSummary(r) }));
}

/** What recomputing who answered an anonymous poll needs of it. */
export type PollKey = Pick<Poll, 'id' | 'anonymous' | 'voteScope' | 'ballotKeyId'>;
type PollKeyRow = { anonymous: boolean; vote_scope: Poll['voteScope']; ballot_key_id: string | null };
const KEY_COLUMNS = ['p.anonymous', 'p.vote_scope', 'p.ballot_key_id'];
function toKey(r: PollSummaryRow & PollKeyRow): PollKey {
  return { id: Number(r.id), anonymous: r.anonymous, voteScope: r.vote_scope, ballotKeyId: r.ballot_key_id };
}

/**
 * Open polls, before their deadline, to which the organization is invited, soonest deadline first
 * (whether the viewer has answered each is told by their ballots: the caller makes their key).
 */
export async function openPollsInvitedTo(q: Queryable, input: { organizationId: number; now: Date }): Promise<Array<{ poll: PollKey; summary: PollSummary }>> {
  const rows = await q('polls as p')
    .join('poll_invited_organizations as inv', (j) => j.on('inv.poll_id', 'p.id').andOn('inv.organization_id', q.raw('?', [input.organizationId])))
    .where('p.status', 'open')
    .andWhere((w) => w.whereNull('p.closes_at').orWhere('p.closes_at', '>', input.now))
    .orderByRaw('p.closes_at asc nulls last')
    .orderBy('p.id')
    .select<Array<PollSummaryRow & PollKeyRow>>([...summaryColumns(q), ...KEY_COLUMNS]);
  return rows.map((r) => ({ poll: toKey(r), summary: toSummary(r) }));
}

/** The anonymous polls created in the period (their participation is recomputed by the caller). */
export async function anonymousPollsCreatedIn(q: Queryable, period: DigestPeriod): Promise<PollKey[]> {
  const rows = await q('polls as p').where('p.anonymous', true).where('p.created_at', '>=', period.start).andWhere('p.created_at', '<', period.end).select<Array<PollKeyRow & { id: number }>>('p.id', ...KEY_COLUMNS);
  return rows.map((r) => ({ id: Number(r.id), anonymous: r.anonymous, voteScope: r.vote_scope, ballotKeyId: r.ballot_key_id }));
}

/**
 * Per organization, the polls created in the period it was invited to and how many it answered
 * (anonymous polls counted as unanswered here: the caller adds what it recomputes).
 */
export async function pollParticipationByOrganization(q: Queryable, period: DigestPeriod): Promise<Array<{ organizationId: number; organization: string; answered: number; polls: number }>> {
  const rows = await q('polls as p')
    .join('poll_invited_organizations as pi', 'pi.poll_id', 'p.id')
    .join('organizations as o', 'o.id', 'pi.organization_id')
    .where('p.created_at', '>=', period.start)
    .andWhere('p.created_at', '<', period.end)
    .groupBy('o.id', 'o.short_name')
    .orderBy('o.short_name')
    .select<Array<{ id: number; short_name: string; polls: Count; answered: Count }>>(
      'o.id',
      'o.short_name',
      q.raw('count(*) as polls'),
      q.raw('count(*) filter (where exists (select 1 from poll_participants pp where pp.poll_id = pi.poll_id and pp.organization_id = pi.organization_id)) as answered'),
    );
  return rows.map((r) => ({ organizationId: Number(r.id), organization: r.short_name, answered: Number(r.answered), polls: Number(r.polls) }));
}
