import { recordAudit } from '../../../platform/audit/audit-store';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { requireContributor, type Actor } from '../../network';
import { kindRules } from '../domain/kinds';
import type { VoteReceipt } from '../domain/types';
import { ballotKey, participantKey } from '../domain/voter-key';
import { addParticipant, findOptionForVote, hasBallot, isParticipant, removeParticipant, toggleVote, upsertVote, type VoteRow } from '../store/polls-store';
import { conflict, forbidden, notFound } from '../domain/errors';
import { ballotMac, POLL_ENTITY, type PollsDeps } from './deps';

/**
 * Voting: one vote per person or per organization, enforced by the database's unique key, so
 * concurrent clicks on any replica count once. The channel message is the publisher's: each vote
 * marks it, and bursts of votes coalesce into about one update a second.
 *
 * Anonymous polls (issue 14): the ballot holds the option, the answer and a key made with the
 * app's secret (no person, no organization, no time); who answered is in `poll_participants`
 * (no option, no time); the audit row names neither the voter nor the option.
 */
export function createVoting(deps: PollsDeps) {
  const { db, clock, publisher, homeTabs } = deps;
  const mac = ballotMac(deps);

  return {
    async vote(actor: Actor, input: { optionId: number; answer?: string }): Promise<VoteReceipt> {
      requireContributor(actor);
      if (!Number.isSafeInteger(input.optionId)) throw notFound((m) => m.reasons.option);
      const now = clock.now();
      const organization = actor.member?.organization ?? null;
      const receipt = await db.transaction([], async (trx) => {
        const found = await findOptionForVote(trx, input.optionId, organization?.id ?? null);
        if (!found) throw notFound((m) => m.reasons.option);
        const { poll, option } = found;
        if (poll.status !== 'open') throw conflict((m) => m.reasons.closed({ id: poll.id }));
        if (poll.closesAt && poll.closesAt.getTime() <= now.getTime()) throw conflict((m) => m.reasons.deadline_passed({ id: poll.id }));
        if (!organization) throw forbidden((m) => m.reasons.no_organization);
        if (!found.invited) throw forbidden((m) => m.reasons.not_invited({ organization: organization.shortName }));
        const rules = kindRules(poll.kind);
        const answer = rules.answer(input.answer);
        if (!answer) throw notFound((m) => m.reasons.option);
        const participant = participantKey(poll, actor.userId, organization.id);
        const key = ballotKey(poll, actor.userId, organization.id, mac);
        // Answered under a key that is no longer theirs (the app's secret changed): counted once, never twice.
        if (poll.anonymous && (await isParticipant(trx, poll.id, participant)) && !(await hasBallot(trx, poll.id, key))) {
          throw conflict((m) => m.reasons.anonymous_vote_locked({ id: poll.id }));
        }
        const vote: VoteRow = {
          pollId: poll.id,
          optionId: option.id,
          voterKey: key,
          voterUserId: poll.anonymous ? null : actor.userId,
          organizationId: poll.anonymous ? null : organization.id,
          answer,
          now: poll.anonymous ? null : now,
        };
        const orgName = poll.voteScope === 'organization' ? organization.shortName : undefined;
        let result: VoteReceipt;
        const ballot = rules.ballot(poll);
        switch (ballot) {
          case 'per_option':
            await upsertVote(trx, vote, option.id);
            result = { ballot, option, answer, organization: orgName };
            break;
          case 'toggle':
            result = { ballot, option, selected: await toggleVote(trx, vote) };
            break;
          case 'single':
            await upsertVote(trx, vote, 0);
            result = { ballot, option, organization: orgName };
            break;
          default: {
            const never: never = ballot;
            throw new Error(`unknown ballot ${String(never)}`);
          }
        }
        if (result.ballot === 'toggle' && !result.selected && !(await hasBallot(trx, poll.id, key))) {
          await removeParticipant(trx, poll.id, participant);
        } else {
          await addParticipant(trx, poll.id, { participant, organizationId: organization.id });
        }
        await recordAudit(
          trx,
          poll.anonymous
            ? { actorUserId: 'anonymous', action: 'poll.vote', entity: POLL_ENTITY, entityId: poll.id }
            : {
                actorUserId: actor.userId,
                action: 'poll.vote',
                entity: POLL_ENTITY,
                entityId: poll.id,
                after: { optionId: option.id, answer, selected: result.ballot === 'toggle' ? result.selected : true },
              },
        );
        // Last, so the row lock on the mirrored message is held as briefly as possible.
        await markEntityChanged(trx, POLL_ENTITY, poll.id);
        return result;
      });
      publisher.kick();
      // After commit and off the ack path: the voter's Home stops listing a poll they answered.
      // It writes nothing to the audit log (the Home is read-only), so nothing names the voter next to an anonymous vote.
      homeTabs.refresh([actor.userId]);
      return receipt;
    },
  };
}

export type Voting = ReturnType<typeof createVoting>;
