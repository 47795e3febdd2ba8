import { recordAudit } from '../../../platform/audit/audit-store';
import type { FieldErrors } from '../../../platform/input/validation';
import { requestMessage } from '../../../platform/outbox/published-messages-store';
import { listOrganizations, requireContributor, type Actor, type Organization } from '../../network';
import { pollsMessages } from '../messages';
import { validatePollInput } from '../domain/poll-input';
import type { Poll, PollField, RawPollInput } from '../domain/types';
import { insertPoll } from '../store/polls-store';
import { POLL_ENTITY, type PollsDeps } from './deps';
import { currentBallotKeyId } from './participation';

export type CreatePollResult = { ok: true; poll: Poll } | { ok: false; errors: FieldErrors<PollField> };

/** Creating a poll: the form's choices, then the poll, its options, its invitations and its channel message. */
export function createPollCreation(deps: PollsDeps) {
  const { db, clock, config, publisher, homeTabs } = deps;

  return {
    /** What the create modal offers; refuses observers and outsiders before it opens. */
    async organizationsForForm(actor: Actor): Promise<Organization[]> {
      requireContributor(actor);
      return listOrganizations(db.q, { activeOnly: true });
    },

    async create(actor: Actor, raw: RawPollInput): Promise<CreatePollResult> {
      requireContributor(actor);
      const now = clock.now();
      const validated = validatePollInput(raw, now, config.timezone);
      if (!validated.ok) return validated;
      const input = validated.value;
      const active = await listOrganizations(db.q, { activeOnly: true });
      const activeIds = new Set(active.map((o) => o.id));
      if (input.organizationIds.some((id) => !activeIds.has(id))) {
        return { ok: false, errors: { organizations: pollsMessages.text((m) => m.form.organizations_unknown) } };
      }
      const invited = input.organizationIds.length ? input.organizationIds : active.map((o) => o.id);
      const poll = await db.transaction([], async (trx) => {
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
            ballotKeyId: input.anonymous ? currentBallotKeyId(deps.secrets) : null,
            createdByOrganizationId: actor.member?.organizationId ?? null,
          },
          input.options,
          invited,
          now,
        );
        await requestMessage(trx, { entityType: POLL_ENTITY, entityId: created.id, channelId: created.channelId, locale: created.locale, requestedBy: actor.userId });
        await recordAudit(trx, {
          actorUserId: actor.userId,
          action: 'poll.create',
          entity: POLL_ENTITY,
          entityId: created.id,
          after: { kind: created.kind, voteScope: created.voteScope, anonymous: created.anonymous, options: input.options.length, invited: invited.length },
        });
        return created;
      });
      publisher.kick();
      // After commit and off the request path: the invited members' Home lists the new poll.
      homeTabs.refreshOrganizations(invited);
      return { ok: true, poll };
    },
  };
}

export type PollCreation = ReturnType<typeof createPollCreation>;
