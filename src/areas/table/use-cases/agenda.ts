import { requireContributor, requireCoordinator, type Actor } from '../../network';
import { recordAudit } from '../../../platform/audit/audit-store';
import { AppError } from '../../../platform/errors';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { validateAgendaText } from '../domain/meeting-input';
import { notFound, refusal, requireScheduled } from '../domain/meeting-rules';
import type { Meeting } from '../domain/types';
import * as repo from '../store/table-store';
import { requireMeeting, type TableDeps } from './context';
import { MEETING_ENTITY } from './posts';

export type AgendaOperation = 'up' | 'down' | 'drop';

/** The agenda of a scheduled meeting: members propose items until it starts; coordinators reorder and drop them. */
export class AgendaUseCases {
  constructor(private readonly deps: TableDeps) {}

  async proposeAgendaItem(actor: Actor, meetingId: number, text: string): Promise<Meeting> {
    requireContributor(actor);
    const clean = text.replace(/\s+/g, ' ').trim();
    const error = validateAgendaText(clean);
    if (error) throw new AppError('invalid_input', { reason: error });
    const now = this.deps.clock.now();
    const meeting = await this.deps.db.transaction([], async (trx) => {
      const current = await requireMeeting(trx, meetingId, { forUpdate: true });
      requireScheduled(current);
      if (current.startsAt.getTime() <= now.getTime()) throw refusal('conflict', (m) => m.errors.meeting_started);
      const [item] = await repo.appendAgendaItems(trx, meetingId, [{ text: clean, proposedBy: actor.userId }], now);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'meeting.agenda.propose', entity: 'meeting', entityId: meetingId, after: { agendaItemId: item?.id } });
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      return current;
    });
    this.deps.publisher.kick();
    return meeting;
  }

  async moveAgendaItem(actor: Actor, itemId: number, operation: AgendaOperation): Promise<Meeting> {
    requireCoordinator(actor);
    const meeting = await this.deps.db.transaction([], async (trx) => {
      const item = await repo.findAgendaItem(trx, itemId);
      if (!item) throw notFound((m) => m.what.agenda_item({ id: itemId }));
      const current = await requireMeeting(trx, item.meetingId, { forUpdate: true });
      requireScheduled(current);
      const ids = (await repo.listAgenda(trx, item.meetingId)).map((a) => a.id);
      const index = ids.indexOf(itemId);
      if (operation === 'drop') {
        await repo.deleteAgendaItem(trx, itemId);
        ids.splice(index, 1);
      } else {
        const target = operation === 'up' ? index - 1 : index + 1;
        if (target >= 0 && target < ids.length) [ids[index], ids[target]] = [ids[target]!, ids[index]!];
      }
      await repo.renumberAgenda(trx, ids);
      await recordAudit(trx, { actorUserId: actor.userId, action: `meeting.agenda.${operation}`, entity: 'meeting', entityId: item.meetingId, before: { agendaItemId: itemId, position: index + 1 } });
      await markEntityChanged(trx, MEETING_ENTITY, item.meetingId);
      return current;
    });
    this.deps.publisher.kick();
    return meeting;
  }
}
