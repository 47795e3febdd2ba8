import { findMemberByUserId, requireMember, type Actor } from '../../network';
import { recordAudit } from '../../../platform/audit/audit-store';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { refusal, requireScheduled } from '../domain/meeting-rules';
import type { Meeting, RsvpResponse } from '../domain/types';
import * as repo from '../store/table-store';
import { requireDetails, requireMeeting, type TableDeps } from './context';
import { MEETING_ENTITY } from './posts';

/**
 * Answers to a convocation: yes, no, maybe, or a delegate from the same organization. A member
 * answers for their organization, which must be invited; the notice shows attendance per organization.
 */
export class RsvpUseCases {
  constructor(private readonly deps: TableDeps) {}

  async rsvp(actor: Actor, meetingId: number, response: Exclude<RsvpResponse, 'delegate'>): Promise<Meeting> {
    const meeting = await this.answer(actor, meetingId, response, null);
    this.deps.homeTabs.refresh([actor.userId]);
    return meeting;
  }

  /** The meeting the delegate modal is about: only a member of an organization can delegate. */
  async delegateModel(actor: Actor, meetingId: number): Promise<Meeting> {
    requireMember(actor);
    const { meeting } = await requireDetails(this.deps.db.q, meetingId);
    if (!actor.member) throw refusal('forbidden', (m) => m.rsvp.no_organization);
    return meeting;
  }

  async setDelegate(actor: Actor, meetingId: number, delegateUserId: string | undefined): Promise<Meeting> {
    requireMember(actor);
    if (!delegateUserId) throw refusal('invalid_input', (m) => m.delegate.missing);
    let meeting: Meeting;
    if (delegateUserId === actor.userId) {
      meeting = await this.answer(actor, meetingId, 'yes', null);
    } else {
      const delegate = await findMemberByUserId(this.deps.db.q, delegateUserId);
      if (!delegate || delegate.organizationId !== actor.member?.organizationId) throw refusal('invalid_input', (m) => m.delegate.other_organization);
      meeting = await this.answer(actor, meetingId, 'delegate', delegateUserId);
    }
    this.deps.homeTabs.refresh([...new Set([actor.userId, delegateUserId])]);
    return meeting;
  }

  private async answer(actor: Actor, meetingId: number, response: RsvpResponse, delegateUserId: string | null): Promise<Meeting> {
    requireMember(actor);
    const organizationId = actor.member?.organizationId;
    if (organizationId === undefined) throw refusal('forbidden', (m) => m.rsvp.no_organization);
    const now = this.deps.clock.now();
    const meeting = await this.deps.db.transaction([], async (trx) => {
      const current = await requireMeeting(trx, meetingId);
      requireScheduled(current);
      if (current.endsAt.getTime() <= now.getTime()) throw refusal('conflict', (m) => m.errors.meeting_over);
      const invited = await repo.listInvitedOrganizations(trx, meetingId);
      if (!invited.some((o) => o.id === organizationId)) throw refusal('forbidden', (m) => m.rsvp.not_invited);
      const before = await repo.findRsvp(trx, meetingId, actor.userId);
      await repo.upsertRsvp(trx, { meetingId, userId: actor.userId, organizationId, response, delegateUserId, now });
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'meeting.rsvp',
        entity: 'meeting',
        entityId: meetingId,
        before: before ? { response: before.response, delegateUserId: before.delegateUserId } : undefined,
        after: { userId: actor.userId, organizationId, response, delegateUserId },
      });
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      return current;
    });
    this.deps.publisher.kick();
    return meeting;
  }
}
