import { recordAudit, recordAuditMany, type AuditEntry } from '../../../platform/audit/audit-store';
import type { Queryable } from '../../../platform/database/transaction';
import { AppError } from '../../../platform/errors';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { requireContributor, type Actor } from '../../network';
import { kindRules } from '../domain/kinds';
import type { MyAnswer, Poll, PollOption, VoteAnswer, VoteReceipt, WithdrawReceipt } from '../domain/types';
import { ballotKey, participantKey } from '../domain/voter-key';
import {
  addParticipants,
  deleteBallots,
  existingBallotKeys,
  findOptionsForVotes,
  findPollForShare,
  hasBallot,
  listBallotsOf,
  listOptions,
  removeParticipant,
  toggleVote,
  upsertVotes,
  type VoteRow,
} from '../store/polls-store';
import { conflict, forbidden, notFound } from '../domain/errors';
import { POLL_ENTITY, type PollsDeps } from './deps';
import { attributable, ballotMac } from './participation';

/** At most this many votes are written in one transaction. */
const MAX_BATCH = 500;
/** A batch with more voters than this does not republish their App Homes (they are rebuilt when opened). */
const MAX_HOME_REFRESHES_PER_BATCH = 20;
/** In a burst (a batch ended less than BURST_MS ago), the next batch waits GATHER_MS for more clicks to join it. */
const BURST_MS = 50;
const GATHER_MS = 5;

interface PendingVote {
  actor: Actor;
  input: { optionId: number; answer?: string };
  resolve(receipt: VoteReceipt): void;
  reject(error: unknown): void;
}

/** A vote that passed its checks, about to be written. */
interface PlannedVote {
  pending: PendingVote;
  poll: Poll;
  option: PollOption;
  answer: VoteAnswer;
  participant: string;
  organizationId: number;
  organizationName: string;
  row: VoteRow;
}

type Outcome = { ok: true; receipt: VoteReceipt } | { ok: false; error: unknown };

/**
 * Voting: one vote per person or per organization, enforced by the database's unique key, so
 * concurrent clicks on any replica count once.
 *
 * A busy poll (issue 18): votes are queued in the process and written in batches, one
 * transaction at a time, each batch in a handful of statements whatever its size (its polls and
 * options read once, the ballots, who answered and the audit rows each inserted in one
 * statement, the poll's message marked changed once). So a burst of a thousand clicks takes one
 * database connection, never waits for the pool, and marks the message a few times; the
 * publisher then coalesces those marks into about one update a second. Each click's promise
 * settles with its own receipt or its own refusal. If a batch fails as a whole (the database),
 * its votes are retried one by one, so one bad vote never takes the others with it.
 *
 * Anonymous polls (issue 14): the ballot holds the option, the answer and a key made with the
 * app's secret (no person, no organization, no time), and it is the only row a vote writes that
 * depends on the voter: who answered is not recorded but recomputed from the keys (so nothing
 * written beside it can be paired with it by order, time or transaction); the audit row names
 * neither the voter nor the option.
 */
export function createVoting(deps: PollsDeps) {
  const { db, clock, publisher, homeTabs } = deps;
  const mac = ballotMac(deps.secrets);
  const queue: PendingVote[] = [];
  let draining: Promise<void> | undefined;
  /** When the last batch was written (performance.now(): a duration, not the time of day). */
  let lastBatchEnded = Number.NEGATIVE_INFINITY;

  /** Checks one vote against what its batch read; throws the refusal the voter sees. */
  function plan(
    pending: PendingVote,
    found: { poll: Poll; option: PollOption } | undefined,
    invited: Set<string>,
    now: Date,
  ): PlannedVote {
    const { actor, input } = pending;
    const organization = actor.member?.organization ?? null;
    if (!found) throw notFound((m) => m.reasons.option);
    const { poll, option } = found;
    if (poll.status !== 'open') throw conflict((m) => m.reasons.closed({ id: poll.id }));
    if (poll.closesAt && poll.closesAt.getTime() <= now.getTime()) throw conflict((m) => m.reasons.deadline_passed({ id: poll.id }));
    if (!organization) throw forbidden((m) => m.reasons.no_organization);
    if (!invited.has(`${poll.id}:${organization.id}`)) throw forbidden((m) => m.reasons.not_invited({ organization: organization.shortName }));
    const answer = kindRules(poll.kind).answer(input.answer);
    if (!answer) throw notFound((m) => m.reasons.option);
    // Keyed with another secret: who voted cannot be told, so a vote could count twice.
    if (!attributable(deps.secrets, poll)) throw conflict((m) => m.reasons.anonymous_vote_locked({ id: poll.id }));
    const key = ballotKey(poll, actor.userId, organization.id, mac);
    return {
      pending,
      poll,
      option,
      answer,
      participant: participantKey(poll, actor.userId, organization.id),
      organizationId: organization.id,
      organizationName: organization.shortName,
      row: {
        pollId: poll.id,
        optionId: option.id,
        voterKey: key,
        voterUserId: poll.anonymous ? null : actor.userId,
        organizationId: poll.anonymous ? null : organization.id,
        answer,
        now: poll.anonymous ? null : now,
      },
    };
  }

  /** Writes a batch in `trx`: every vote's outcome, in order. */
  async function castBatch(trx: Queryable, batch: PendingVote[], now: Date): Promise<Outcome[]> {
    const { options, invited } = await findOptionsForVotes(trx, [...new Set(batch.map((p) => p.input.optionId))]);
    const outcomes: Outcome[] = [];
    const planned: Array<PlannedVote | undefined> = batch.map((pending, i) => {
      try {
        return plan(pending, options.get(pending.input.optionId), invited, now);
      } catch (error) {
        outcomes[i] = { ok: false, error };
        return undefined;
      }
    });
    // Per-organization polls: whether each vote replaces an earlier one of its organization (before this batch, or earlier in it).
    const perOrganization = planned.filter((p): p is PlannedVote => p !== undefined && p.poll.voteScope === 'organization');
    const earlier = await existingBallotKeys(trx, perOrganization.map((p) => [p.poll.id, p.row.voterKey]));
    const upserts: Array<{ vote: VoteRow; ballotSlot: number }> = [];
    const participants: Array<{ pollId: number; participant: { participant: string; organizationId: number } }> = [];
    const audit: AuditEntry[] = [];
    const changedPolls = new Set<number>();
    const keys: Array<[number, string] | undefined> = [];
    for (const [i, p] of planned.entries()) {
      if (!p) continue;
      const ballot = kindRules(p.poll.kind).ballot(p.poll);
      const organization = p.poll.voteScope === 'organization' ? p.organizationName : undefined;
      let receipt: VoteReceipt;
      switch (ballot) {
        case 'per_option':
          upserts.push({ vote: p.row, ballotSlot: p.option.id });
          receipt = { pollId: p.poll.id, mine: [], ballot, option: p.option, answer: p.answer, organization };
          break;
        case 'single': {
          upserts.push({ vote: p.row, ballotSlot: 0 });
          const key = `${p.poll.id}:${p.row.voterKey}`;
          receipt = { pollId: p.poll.id, mine: [], ballot, option: p.option, organization, replaced: organization !== undefined ? earlier.has(key) : undefined };
          earlier.add(key);
          break;
        }
        case 'toggle': {
          // Order matters (a second click takes the first away): one at a time, in this transaction.
          const selected = await toggleVote(trx, p.row);
          if (!p.poll.anonymous) {
            if (!selected && !(await hasBallot(trx, p.poll.id, p.row.voterKey))) await removeParticipant(trx, p.poll.id, p.participant);
            else participants.push({ pollId: p.poll.id, participant: { participant: p.participant, organizationId: p.organizationId } });
          }
          receipt = { pollId: p.poll.id, mine: [], ballot, option: p.option, selected };
          break;
        }
        default: {
          const never: never = ballot;
          throw new Error(`unknown ballot ${String(never)}`);
        }
      }
      if (ballot !== 'toggle' && !p.poll.anonymous) participants.push({ pollId: p.poll.id, participant: { participant: p.participant, organizationId: p.organizationId } });
      audit.push(
        p.poll.anonymous
          ? { actorUserId: 'anonymous', action: 'poll.vote', entity: POLL_ENTITY, entityId: p.poll.id }
          : {
              actorUserId: p.pending.actor.userId,
              action: 'poll.vote',
              entity: POLL_ENTITY,
              entityId: p.poll.id,
              after: { optionId: p.option.id, answer: p.answer, selected: receipt.ballot === 'toggle' ? receipt.selected : true },
            },
      );
      changedPolls.add(p.poll.id);
      outcomes[i] = { ok: true, receipt };
      keys[i] = [p.poll.id, p.row.voterKey];
    }
    await upsertVotes(trx, upserts);
    await addParticipants(trx, participants);
    await recordAuditMany(trx, audit);
    // Each voter is told their whole ballot as it now is.
    const ballots = new Map<string, MyAnswer[]>();
    for (const b of await listBallotsOf(trx, keys.filter((k): k is [number, string] => k !== undefined))) {
      const id = `${b.pollId}:${b.voterKey}`;
      ballots.set(id, [...(ballots.get(id) ?? []), { option: b.option, answer: b.answer }]);
    }
    outcomes.forEach((outcome, i) => {
      const key = keys[i];
      if (outcome.ok && key) outcome.receipt.mine = ballots.get(`${key[0]}:${key[1]}`) ?? [];
    });
    // Last, so the row lock on the mirrored message is held as briefly as possible.
    for (const pollId of changedPolls) await markEntityChanged(trx, POLL_ENTITY, pollId);
    return outcomes;
  }

  /** Writes one batch and settles its votes; a batch that fails as a whole is retried vote by vote. */
  async function write(batch: PendingVote[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await db.transaction([], (trx) => castBatch(trx, batch, clock.now()));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const pending of batch) await write([pending]);
      return;
    }
    const voters: string[] = [];
    outcomes.forEach((outcome, i) => {
      const pending = batch[i]!;
      if (outcome.ok) {
        voters.push(pending.actor.userId);
        pending.resolve(outcome.receipt);
      } else {
        pending.reject(outcome.error);
      }
    });
    if (voters.length) {
      publisher.kick();
      // After commit and off the ack path: the voters' Homes stop listing a poll they answered.
      // The Home is read-only: nothing in the audit log names a voter next to an anonymous vote.
      // Not in a storm: a thousand Homes rebuilt at once would take the time the acks need (on
      // PGlite the database runs on the app's own thread); each voter's Home is rebuilt anyway
      // when they next open it (app_home_opened).
      if (voters.length <= MAX_HOME_REFRESHES_PER_BATCH) homeTabs.refresh(voters);
    }
  }

  function drain(): Promise<void> {
    draining ??= (async () => {
      // Let the clicks that arrive together join the first batch; in a burst, wait a moment more
      // (on PGlite the clicks' own reads share the one connection, so they arrive between batches).
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (queue.length) {
        if (performance.now() - lastBatchEnded < BURST_MS && queue.length < MAX_BATCH) await new Promise<void>((resolve) => setTimeout(resolve, GATHER_MS));
        await write(queue.splice(0, MAX_BATCH));
        lastBatchEnded = performance.now();
      }
    })().finally(() => {
      draining = undefined;
      if (queue.length) void drain();
    });
    return draining;
  }

  async function votesSettled(): Promise<void> {
    while (draining) await draining;
  }

  return {
    vote(actor: Actor, input: { optionId: number; answer?: string }): Promise<VoteReceipt> {
      try {
        requireContributor(actor);
        if (!Number.isSafeInteger(input.optionId)) throw notFound((m) => m.reasons.option);
      } catch (error) {
        return Promise.reject(error instanceof AppError ? error : new AppError('internal', {}, { cause: error }));
      }
      return new Promise<VoteReceipt>((resolve, reject) => {
        queue.push({ actor, input, resolve, reject });
        void drain();
      });
    },

    /** Resolves once every vote queued so far is written or refused (a graceful stop waits for it). */
    votesSettled,

    /**
     * Withdraws the voter's ballot (per-organization polls: the organization's) while the poll is
     * open. Refused, naming why, when there is no vote to withdraw or the poll is closed. Anonymous
     * polls: the key is recomputed with the app's secret; the audit row names neither voter nor option.
     */
    async withdraw(actor: Actor, pollId: number): Promise<WithdrawReceipt> {
      requireContributor(actor);
      const organization = actor.member?.organization;
      if (!organization) throw forbidden((m) => m.reasons.no_organization);
      // A vote still in the queue lands first: withdrawing takes away what the voter last chose.
      await votesSettled();
      const now = clock.now();
      const receipt = await db.transaction([], async (trx): Promise<WithdrawReceipt> => {
        const poll = await findPollForShare(trx, pollId);
        if (!poll) throw notFound((m) => m.reasons.poll);
        if (poll.status !== 'open') throw conflict((m) => m.reasons.withdraw_closed({ id: poll.id }));
        if (poll.closesAt && poll.closesAt.getTime() <= now.getTime()) throw conflict((m) => m.reasons.withdraw_deadline_passed({ id: poll.id }));
        if (!attributable(deps.secrets, poll)) throw conflict((m) => m.reasons.anonymous_vote_locked({ id: poll.id }));
        const removed = await deleteBallots(trx, poll.id, ballotKey(poll, actor.userId, organization.id, mac));
        if (removed.length === 0) throw conflict((m) => m.reasons.withdraw_nothing({ id: poll.id }));
        if (!poll.anonymous) await removeParticipant(trx, poll.id, participantKey(poll, actor.userId, organization.id));
        await recordAudit(
          trx,
          poll.anonymous
            ? { actorUserId: 'anonymous', action: 'poll.withdraw', entity: POLL_ENTITY, entityId: poll.id }
            : { actorUserId: actor.userId, action: 'poll.withdraw', entity: POLL_ENTITY, entityId: poll.id, before: { votes: removed } },
        );
        await markEntityChanged(trx, POLL_ENTITY, poll.id);
        const options = await listOptions(trx, poll.id);
        const withdrawn = options.flatMap((option) => removed.filter((r) => r.optionId === option.id).map((r) => ({ option, answer: r.answer })));
        return { poll, withdrawn, organization: poll.voteScope === 'organization' ? organization.shortName : undefined };
      });
      publisher.kick();
      homeTabs.refresh([actor.userId]);
      return receipt;
    },
  };
}

export type Voting = ReturnType<typeof createVoting>;
