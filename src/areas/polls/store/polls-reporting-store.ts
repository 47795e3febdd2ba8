import type { PollSummary } from '../domain/reporting';
import type { Queryable } from '../../../platform/database/transaction';
import type { DigestPeriod } from '../../../platform/reporting';

/**
 * Read-only figures about polls for the digest, the App Home and the indicators, aggregated
 * in SQL. Open polls come from (status, closes_at); invitations from their primary key
 * (poll_id, organization_id) or the organization index; "has this organization answered" and "has
 * this voter answered" from poll_participants (its primary key and its organization index).
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

/** Open polls, soonest deadline first, with how many invited organizations answered. */
export async function openPollsWithParticipation(q: Queryable): Promise<PollSummary[]> {
  const rows = await q('polls as p')
    .where('p.status', 'open')
    .orderByRaw('p.closes_at asc nulls last')
    .orderBy('p.id')
    .select<PollSummaryRow[]>(summaryColumns(q));
  return rows.map(toSummary);
}

/**
 * Open polls, before their deadline, to which the organization is invited and that the person
 * (or, for per-organization polls, the organization) has not answered yet, anonymous polls
 * included: participation is kept in clear, apart from the ballots.
 */
export async function votablePolls(q: Queryable, input: { organizationId: number; userKey: string; organizationKey: string; now: Date }): Promise<PollSummary[]> {
  const rows = await q('polls as p')
    .join('poll_invited_organizations as inv', (j) => j.on('inv.poll_id', 'p.id').andOn('inv.organization_id', q.raw('?', [input.organizationId])))
    .where('p.status', 'open')
    .andWhere((w) => w.whereNull('p.closes_at').orWhere('p.closes_at', '>', input.now))
    .whereNotExists(
      q('poll_participants as pp')
        .select(q.raw('1'))
        .whereRaw('pp.poll_id = p.id')
        .andWhereRaw(`pp.participant = case when p.vote_scope = 'organization' then ? else ? end`, [input.organizationKey, input.userKey]),
    )
    .orderByRaw('p.closes_at asc nulls last')
    .orderBy('p.id')
    .select<PollSummaryRow[]>(summaryColumns(q));
  return rows.map(toSummary);
}

/** Open polls and, summed over them, invited and answering organizations (coordinators' Home). */
export async function pollsOverview(q: Queryable): Promise<{ openPolls: number; answered: number; invited: number }> {
  const row = await q
    .from(q('polls as p').select(q.raw(`${INVITED} as invited`), q.raw(`${ANSWERED} as answered`)).where('p.status', 'open').as('x'))
    .first<{ polls: Count; invited: Count; answered: Count } | undefined>(
      q.raw('count(*) as polls'),
      q.raw('coalesce(sum(x.invited), 0) as invited'),
      q.raw('coalesce(sum(x.answered), 0) as answered'),
    );
  return { openPolls: Number(row?.polls ?? 0), answered: Number(row?.answered ?? 0), invited: Number(row?.invited ?? 0) };
}

/** Per organization, the polls created in the period it was invited to and how many it answered. */
export async function pollParticipationByOrganization(q: Queryable, period: DigestPeriod): Promise<Array<{ organization: string; answered: number; polls: number }>> {
  const rows = await q('polls as p')
    .join('poll_invited_organizations as pi', 'pi.poll_id', 'p.id')
    .join('organizations as o', 'o.id', 'pi.organization_id')
    .where('p.created_at', '>=', period.start)
    .andWhere('p.created_at', '<', period.end)
    .groupBy('o.id', 'o.short_name')
    .orderBy('o.short_name')
    .select<Array<{ short_name: string; polls: Count; answered: Count }>>(
      'o.short_name',
      q.raw('count(*) as polls'),
      q.raw('count(*) filter (where exists (select 1 from poll_participants pp where pp.poll_id = pi.poll_id and pp.organization_id = pi.organization_id)) as answered'),
    );
  return rows.map((r) => ({ organization: r.short_name, answered: Number(r.answered), polls: Number(r.polls) }));
}
