import { createHmac, randomBytes } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { AppConfig } from '../../../platform/config';
import type { Knex } from '../../../platform/database/transaction';
import { isCoordinator, requireContributor, requireMember } from '../../network';
import type { Actor, MemberWithOrganization } from '../../network';
import { validatePollInput, type PollField, type RawPollInput } from '../domain/poll-input';
import { tallyPoll } from '../domain/tally';
import { VOTE_ANSWERS, type Poll, type PollState, type VoteAnswer } from '../domain/types';
import type { FieldErrors } from '../../../platform/input/validation';
import { translator } from '../../../platform/i18n';
import { AppError } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { recordAudit } from '../../../platform/audit/audit-store';
import { listMembers } from '../../network';
import { listOrganizations } from '../../network';
import {
  findOptionForVote,
  findPoll,
  insertPoll,
  listInvitedOrganizations,
  listOpenPollsClosingWithin,
  listOptions,
  listPollsPastDeadline,
  listPollsWithParticipation,
  listVoterKeys,
  listVotes,
  markResultPosted,
  nextReminderNumber,
  setPollStatus,
  toggleVote,
  upsertVote,
  type PollParticipation,
  type VoteRow,
} from '../store/polls-store';
import { findMessagesOf, markEntityChanged, requestMessage } from '../../../platform/outbox/published-messages-store';
import { withTransaction, type Queryable } from '../../../platform/database/transaction';
import { pollMessage, pollResultDm, pollResultMessage, reminderMessage, type VoteReceipt } from '../slack/views';
import { escapeMrkdwn, truncate } from '../../../platform/slack/blocks';
import type { ActorService } from '../../network';
import type { DirectMessages } from '../../../platform/slack/direct-messages';
import type { HomeRefresher } from '../../digest';
import { runExactlyOnce } from '../../../platform/jobs/exactly-once';
import { postOnce } from '../../../platform/outbox/findable-posts';
import type { MessagePublisher } from '../../../platform/outbox/publisher';
import type { SlackClient } from '../../../platform/slack/types';

export const POLL_ENTITY = 'poll';
const RECENT_MS = 30 * 24 * 60 * 60 * 1000;
const REMINDER_BEFORE_MS = 24 * 60 * 60 * 1000;
/** How long after a deadline an early-closed poll's message is still redrawn (catch-up after downtime). */
const DEADLINE_REFRESH_MS = 7 * 24 * 60 * 60 * 1000;

export type CreatePollResult = { ok: true; poll: Poll } | { ok: false; errors: FieldErrors<PollField> };

export interface PollServiceDeps {
  db: Knex;
  client: SlackClient;
  config: Pick<AppConfig, 'timezone' | 'slack'>;
  logger: Logger;
  publisher: MessagePublisher;
  directMessages: DirectMessages;
  actors: ActorService;
  /** Refreshes the voter's App Home after a vote (optional: tests may leave it out). */
  home?: HomeRefresher;
}

/**
 * Polls: creation, votes (one per person or per organization, enforced by the database),
 * closing and reopening, reminders, the deadline, list and export. The channel message is
 * the publisher's: every change marks it, and bursts of votes coalesce into ~1 update a second.
 */
export class PollService {
  constructor(private readonly deps: PollServiceDeps) {
    deps.publisher.register(POLL_ENTITY, async (id, locale, q) => {
      const state = await this.state(q, id);
      return state ? pollMessage(state, translator(locale), new Date(), this.deps.config.timezone) : undefined;
    });
  }

  get timezone(): string {
    return this.deps.config.timezone;
  }

  /** What the create modal offers; refuses observers and outsiders before it opens. */
  async organizationsForForm(actor: Actor) {
    requireContributor(actor);
    return listOrganizations(this.deps.db, { activeOnly: true });
  }

  async create(actor: Actor, raw: RawPollInput, now = new Date()): Promise<CreatePollResult> {
    requireContributor(actor);
    const validated = validatePollInput(raw, now, this.deps.config.timezone);
    if (!validated.ok) return validated;
    const input = validated.value;
    const active = await listOrganizations(this.deps.db, { activeOnly: true });
    const activeIds = new Set(active.map((o) => o.id));
    if (input.organizationIds.some((id) => !activeIds.has(id))) {
      return { ok: false, errors: { organizations: { key: 'polls.form.organizations_unknown' } } };
    }
    const invited = input.organizationIds.length ? input.organizationIds : active.map((o) => o.id);
    const poll = await withTransaction(this.deps.db, async (trx) => {
      const created = await insertPoll(
        trx,
        {
          kind: input.kind,
          question: input.question,
          multipleChoice: input.multipleChoice,
          anonymous: input.anonymous,
          voteScope: input.voteScope,
          resultsHidden: input.resultsHidden,
          closesAt: input.closesAt,
          channelId: input.channelId,
          locale: actor.locale,
          createdByUserId: actor.userId,
          createdByOrganizationId: actor.member?.organizationId ?? null,
          voterSalt: randomBytes(32).toString('base64url'),
        },
        input.kind === 'date' ? input.slots.map((s) => ({ label: `${s.date} ${s.start}-${s.end}`, slot: s })) : input.options.map((label) => ({ label })),
        invited,
      );
      await requestMessage(trx, { entityType: POLL_ENTITY, entityId: created.id, channelId: created.channelId, locale: created.locale, requestedBy: actor.userId });
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'poll.create',
        entity: POLL_ENTITY,
        entityId: created.id,
        after: { kind: created.kind, voteScope: created.voteScope, anonymous: created.anonymous, options: input.kind === 'date' ? input.slots.length : input.options.length, invited: invited.length },
      });
      return created;
    });
    this.deps.publisher.kick();
    // After commit and off the request path: the invited members' Home lists the new poll.
    void this.deps.home?.refreshOrganizations(invited);
    return { ok: true, poll };
  }

  /** Everything a poll message needs, read together. */
  async state(q: Queryable, pollId: number): Promise<PollState | undefined> {
    const poll = await findPoll(q, pollId);
    if (!poll) return undefined;
    const [options, votes, invitedOrganizations] = await Promise.all([listOptions(q, pollId), listVotes(q, pollId), listInvitedOrganizations(q, pollId)]);
    return { poll, options, votes, invitedOrganizations };
  }

  /**
   * The opaque key of one vote: the organization, the person, or (anonymous) a hash of the person
   * keyed with the poll's own random salt, so restarts and secret rotations keep the same key.
   * Anonymous polls voted on before the salt existed keep the old secret-keyed hash.
   */
  voterKey(poll: Pick<Poll, 'id' | 'voteScope' | 'anonymous' | 'voterSalt'>, userId: string, organizationId: number | null): string {
    if (poll.voteScope === 'organization') return `org:${organizationId}`;
    if (!poll.anonymous) return `user:${userId}`;
    const secret = poll.voterSalt ?? (this.deps.config.slack.signingSecret || this.deps.config.slack.botToken);
    return `anon:${createHmac('sha256', secret).update(`poll:${poll.id}:${userId}`).digest('base64url').slice(0, 32)}`;
  }

  async vote(actor: Actor, input: { optionId: number; answer?: string }, now = new Date()): Promise<VoteReceipt> {
    requireContributor(actor);
    if (!Number.isSafeInteger(input.optionId)) throw new AppError('not_found', { whatKey: 'polls.reasons.option' });
    const organization = actor.member?.organization ?? null;
    const receipt = await withTransaction(this.deps.db, async (trx) => {
      const found = await findOptionForVote(trx, input.optionId, organization?.id ?? null);
      if (!found) throw new AppError('not_found', { whatKey: 'polls.reasons.option' });
      const { poll, option } = found;
      if (poll.status !== 'open') throw new AppError('conflict', { reasonKey: 'polls.reasons.closed', id: poll.id });
      if (poll.closesAt && poll.closesAt.getTime() <= now.getTime()) throw new AppError('conflict', { reasonKey: 'polls.reasons.deadline_passed', id: poll.id });
      if (!organization) throw new AppError('forbidden', { reasonKey: 'polls.reasons.no_organization' });
      if (!found.invited) {
        throw new AppError('forbidden', { reasonKey: 'polls.reasons.not_invited', organization: organization.shortName });
      }
      const answer: VoteAnswer | undefined = poll.kind === 'date' ? VOTE_ANSWERS.find((a) => a === input.answer) : 'yes';
      if (!answer) throw new AppError('not_found', { whatKey: 'polls.reasons.option' });
      const vote: VoteRow = {
        pollId: poll.id,
        optionId: option.id,
        voterKey: this.voterKey(poll, actor.userId, organization.id),
        voterUserId: poll.anonymous ? null : actor.userId,
        organizationId: organization.id,
        answer,
        now,
      };
      const orgName = poll.voteScope === 'organization' ? organization.shortName : undefined;
      let result: VoteReceipt;
      if (poll.kind === 'date') {
        await upsertVote(trx, vote, option.id);
        result = { kind: 'date', option, answer, organization: orgName };
      } else if (poll.multipleChoice) {
        result = { kind: 'toggle', option, selected: await toggleVote(trx, vote) };
      } else {
        await upsertVote(trx, vote, 0);
        result = { kind: 'single', option, organization: orgName };
      }
      await recordAudit(trx, {
        actorUserId: poll.anonymous ? 'anonymous' : actor.userId,
        action: 'poll.vote',
        entity: POLL_ENTITY,
        entityId: poll.id,
        after: { optionId: option.id, answer, selected: result.kind === 'toggle' ? result.selected : true },
      });
      // Last, so the row lock on the mirrored message is held as briefly as possible.
      await markEntityChanged(trx, POLL_ENTITY, poll.id);
      return result;
    });
    this.deps.publisher.kick();
    // After commit and off the ack path: the voter's Home stops listing a poll they answered.
    void this.deps.home?.refresh(actor.userId);
    return receipt;
  }

  private async managedPoll(actor: Actor, pollId: number): Promise<Poll> {
    requireMember(actor);
    const poll = await findPoll(this.deps.db, pollId);
    if (!poll) throw new AppError('not_found', { whatKey: 'polls.reasons.poll' });
    if (!isCoordinator(actor) && poll.createdByUserId !== actor.userId) throw new AppError('forbidden', { reasonKey: 'polls.reasons.not_creator' });
    return poll;
  }

  /** Closes a poll early (creator or coordinator) and posts the result in its thread. */
  async close(actor: Actor, pollId: number, now = new Date()): Promise<Poll> {
    await this.managedPoll(actor, pollId);
    const closed = await this.closeNow(pollId, actor.userId, now);
    if (!closed) throw new AppError('conflict', { reasonKey: 'polls.reasons.already_closed', id: pollId });
    await this.postResult(closed, now, false).catch((error: unknown) => {
      this.deps.logger.warn({ poll: pollId, err: error instanceof Error ? error.message : String(error) }, 'could not post the poll result');
    });
    return closed;
  }

  private async closeNow(pollId: number, userId: string, now: Date): Promise<Poll | undefined> {
    const closed = await withTransaction(this.deps.db, async (trx) => {
      const poll = await setPollStatus(trx, { id: pollId, from: 'open', to: 'closed', userId: userId === 'system' ? null : userId, now });
      if (!poll) return undefined;
      await recordAudit(trx, { actorUserId: userId, action: 'poll.close', entity: POLL_ENTITY, entityId: pollId, before: { status: 'open' }, after: { status: 'closed' } });
      await markEntityChanged(trx, POLL_ENTITY, pollId);
      return poll;
    });
    if (closed) {
      this.deps.publisher.kick();
      this.refreshInvitedHomes(pollId);
    }
    return closed;
  }

  /** After commit, in the background: the invited members' Home tabs show the poll's new state. */
  private refreshInvitedHomes(pollId: number): void {
    const home = this.deps.home;
    if (!home) return;
    void listInvitedOrganizations(this.deps.db, pollId)
      .then((orgs) => home.refreshOrganizations(orgs.map((o) => o.id)))
      .catch((error: unknown) => {
        this.deps.logger.warn({ poll: pollId, err: error instanceof Error ? error.message : String(error) }, 'could not refresh the invited App Homes');
      });
  }

  /** Reopens a closed poll whose deadline has not passed. */
  async reopen(actor: Actor, pollId: number, now = new Date()): Promise<Poll> {
    const poll = await this.managedPoll(actor, pollId);
    if (poll.closesAt && poll.closesAt.getTime() <= now.getTime()) throw new AppError('conflict', { reasonKey: 'polls.reasons.reopen_after_deadline', id: pollId });
    const reopened = await withTransaction(this.deps.db, async (trx) => {
      const updated = await setPollStatus(trx, { id: pollId, from: 'closed', to: 'open', userId: actor.userId, now });
      if (!updated) return undefined;
      await recordAudit(trx, { actorUserId: actor.userId, action: 'poll.reopen', entity: POLL_ENTITY, entityId: pollId, before: { status: 'closed' }, after: { status: 'open' } });
      await markEntityChanged(trx, POLL_ENTITY, pollId);
      return updated;
    });
    if (!reopened) throw new AppError('conflict', { reasonKey: 'polls.reasons.already_open', id: pollId });
    this.deps.publisher.kick();
    this.refreshInvitedHomes(pollId);
    return reopened;
  }

  /**
   * Posts the result in the poll message's thread. A poll whose message was never posted (e.g.
   * a private channel without the app: not_in_channel) has no thread: the result goes to the
   * creator by DM instead, once (claimed), so the deadline job does not retry forever.
   */
  private async postResult(poll: Poll, now: Date, mayHavePosted: boolean): Promise<void> {
    const state = await this.state(this.deps.db, poll.id);
    if (!state) return;
    const message = (await findMessagesOf(this.deps.db, POLL_ENTITY, poll.id)).find((m) => m.ts);
    if (message?.ts) {
      const content = pollResultMessage(state, translator(poll.locale));
      // Per closing: a poll reopened and closed again gets a new result, not the old one found.
      const closedAt = poll.closedAt ?? now;
      const key = `poll-result:${poll.id}:${closedAt.toISOString()}`;
      await postOnce(this.deps.client, this.deps.logger, { channel: message.channelId, threadTs: message.ts }, content, key, mayHavePosted ? closedAt : undefined);
    } else {
      const outcome = await runExactlyOnce(this.deps, { job: 'poll-result-dm', period: `poll:${poll.id}:${poll.closedAt?.toISOString() ?? ''}`, now }, async (dmRun) => {
        const t = translator(await this.deps.actors.localeOf(poll.createdByUserId));
        await this.deps.directMessages.sendOnce(poll.createdByUserId, pollResultDm(state, t), dmRun);
      });
      if (!outcome.ran && outcome.reason === 'failed') throw outcome.error;
      this.deps.logger.warn({ poll: poll.id, delivered: outcome.ran }, 'the poll message was never posted; the result went to the creator by DM');
    }
    await markResultPosted(this.deps.db, poll.id, now);
  }

  /** The members who should answer and have not: by person, or every member of a silent organization. */
  async nonRespondents(poll: Poll): Promise<MemberWithOrganization[]> {
    const invited = (await listInvitedOrganizations(this.deps.db, poll.id)).map((o) => o.id);
    if (invited.length === 0) return [];
    const [members, keys] = await Promise.all([
      listMembers(this.deps.db, { organizationIds: invited, roles: ['coordinator', 'partner'] }),
      listVoterKeys(this.deps.db, poll.id),
    ]);
    return members.filter((m) => !keys.has(this.voterKey(poll, m.userId, m.organizationId)));
  }

  /** Sollecita: a DM to each person who has not answered (creator or coordinator). */
  async remind(actor: Actor, pollId: number, now = new Date()): Promise<number> {
    const poll = await this.managedPoll(actor, pollId);
    if (poll.status !== 'open') throw new AppError('conflict', { reasonKey: 'polls.reasons.remind_closed', id: pollId });
    const round = await withTransaction(this.deps.db, async (trx) => {
      const n = await nextReminderNumber(trx, pollId);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'poll.remind', entity: POLL_ENTITY, entityId: pollId, after: { round: n } });
      return n;
    });
    const outcome = await this.sendReminders(poll, `manual${round}`, now);
    return outcome.sent;
  }

  /** One DM per person and round, claimed per person so a rerun or a second replica sends none twice. */
  private async sendReminders(poll: Poll, round: string, now: Date): Promise<{ sent: number; failed: number }> {
    const recipients = await this.nonRespondents(poll);
    let sent = 0;
    let failed = 0;
    for (const member of recipients) {
      const outcome = await runExactlyOnce(this.deps, { job: 'poll-reminder', period: `poll:${poll.id}:${round}:${member.userId}`, now }, async (run) => {
        const t = translator(await this.deps.actors.localeOf(member.userId));
        await this.deps.directMessages.sendOnce(member.userId, reminderMessage({ poll, organization: member.organization.shortName }, t, this.deps.config.timezone), run);
      });
      if (outcome.ran) sent++;
      else if (outcome.reason === 'failed') failed++;
    }
    return { sent, failed };
  }

  /**
   * The deadline job: closes each poll whose deadline has passed and posts its result (once,
   * across replicas and reruns), and sends the automatic reminder 24 h before the deadline.
   * `closed` counts the polls whose closing result was posted by this run.
   */
  async runDeadlines(now: Date): Promise<{ closed: number; reminded: number }> {
    let closed = 0;
    let reminded = 0;
    for (const poll of await listPollsPastDeadline(this.deps.db, now, DEADLINE_REFRESH_MS)) {
      const outcome = await runExactlyOnce(this.deps, { job: 'poll-deadline', period: `poll:${poll.id}`, now }, async (run) => {
        const justClosed = await this.closeNow(poll.id, 'system', now);
        const current = justClosed ?? (await findPoll(this.deps.db, poll.id));
        if (current && !current.resultPostedAt) {
          // Closed earlier (by hand, or by an attempt that failed): its result may be in the thread already.
          await this.postResult(current, now, !justClosed || run.attempt > 1);
          return true;
        }
        // Closed early: redraw once so the message no longer offers to reopen it.
        await markEntityChanged(this.deps.db, POLL_ENTITY, poll.id);
        this.deps.publisher.kick();
        return false;
      });
      if (outcome.ran && outcome.result) closed++;
    }
    for (const poll of await listOpenPollsClosingWithin(this.deps.db, now, REMINDER_BEFORE_MS)) {
      await runExactlyOnce(this.deps, { job: 'poll-reminder-auto', period: `poll:${poll.id}`, now }, async () => {
        const result = await this.sendReminders(poll, 'auto', now);
        reminded += result.sent;
        if (result.failed > 0) throw new Error(`${result.failed} reminders failed`);
      });
    }
    return { closed, reminded };
  }

  async list(actor: Actor, now = new Date()): Promise<PollParticipation[]> {
    requireMember(actor);
    return listPollsWithParticipation(this.deps.db, { closedSince: new Date(now.getTime() - RECENT_MS), limit: 20 });
  }

  /**
   * The results as CSV in the caller's DM, for the poll's creator or a coordinator only.
   * Anonymous polls: counts per option only, no voter; per-organization polls: the organization
   * of each vote, never the person (as the message shows).
   */
  async exportCsv(actor: Actor, pollId: number): Promise<Poll> {
    await this.managedPoll(actor, pollId);
    const state = await this.state(this.deps.db, pollId);
    if (!state) throw new AppError('not_found', { whatKey: 'polls.reasons.poll' });
    const { poll } = state;
    if (poll.resultsHidden && poll.status === 'open') throw new AppError('conflict', { reasonKey: 'polls.reasons.export_hidden', id: pollId });
    const t = translator(actor.locale);
    const csv = poll.anonymous ? this.anonymousRows(state) : await this.voterRows(state);
    await this.deps.directMessages.sendFile(actor.userId, {
      filename: `sondaggio-${poll.id}.csv`,
      title: t('polls.export.title', { id: poll.id }),
      content: csv,
      comment: t('polls.export.comment', { id: poll.id, question: escapeMrkdwn(truncate(poll.question, 200)) }),
    });
    await recordAudit(this.deps.db, { actorUserId: actor.userId, action: 'poll.export', entity: POLL_ENTITY, entityId: poll.id });
    return poll;
  }

  private anonymousRows(state: PollState): string {
    const tally = tallyPoll(state.options, state.votes, state.invitedOrganizations.map((o) => o.id));
    return stringify(
      tally.options.map((o) => [state.poll.id, state.poll.question, o.option.position, o.option.label, o.option.slot?.date ?? '', o.option.slot?.start ?? '', o.option.slot?.end ?? '', o.counts.yes, o.counts.maybe, o.counts.no]),
      { header: true, escape_formulas: true, columns: ['poll_id', 'question', 'option_number', 'option', 'slot_date', 'slot_start', 'slot_end', 'yes', 'if_needed', 'no'] },
    );
  }

  private async voterRows(state: PollState): Promise<string> {
    const options = new Map(state.options.map((o) => [o.id, o]));
    const orgs = new Map(state.invitedOrganizations.map((o) => [o.id, o.shortName]));
    const byPerson = state.poll.voteScope === 'person';
    const names = byPerson ? await this.displayNames([...new Set(state.votes.map((v) => v.voterUserId).filter((u): u is string => Boolean(u)))]) : new Map<string, string>();
    const rows = state.votes
      .map((v) => ({ v, o: options.get(v.optionId) }))
      .filter((r) => r.o)
      .sort((a, b) => a.o!.position - b.o!.position || a.v.votedAt.getTime() - b.v.votedAt.getTime())
      .map(({ v, o }) => {
        const common = [state.poll.id, state.poll.question, o!.position, o!.label, o!.slot?.date ?? '', o!.slot?.start ?? '', o!.slot?.end ?? '', v.answer, orgs.get(v.organizationId ?? -1) ?? ''];
        const voter = byPerson ? [v.voterUserId ?? '', v.voterUserId ? (names.get(v.voterUserId) ?? '') : ''] : [];
        return [...common, ...voter, v.votedAt.toISOString()];
      });
    const columns = ['poll_id', 'question', 'option_number', 'option', 'slot_date', 'slot_start', 'slot_end', 'answer', 'organization'];
    return stringify(rows, { header: true, escape_formulas: true, columns: [...columns, ...(byPerson ? ['voter_user_id', 'voter_name'] : []), 'voted_at'] });
  }

  /** Slack display names, best effort (a failure leaves the name empty; the user id is in the row). */
  private async displayNames(userIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < userIds.length; i += 10) {
      await Promise.all(
        userIds.slice(i, i + 10).map(async (user) => {
          try {
            const info = await this.deps.client.users.info({ user });
            const name = info.user?.profile?.real_name || info.user?.real_name || info.user?.name;
            if (name) out.set(user, name);
          } catch {
            // keep the id only
          }
        }),
      );
    }
    return out;
  }
}
