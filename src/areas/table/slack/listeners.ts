import { actsFor, requireCoordinator } from '../../network';
import type { Actor } from '../../network';
import { ACTION_SLOTS } from '../domain/minutes-input';
import { parseConvenePrefill, type MeetingInputRaw } from '../domain/meeting-input';
import { parseMeetingNumber, parseTavoloCommand } from '../domain/tavolo-command';
import { AppError } from '../../../platform/errors';
import { calendarDateIn, formatInstant } from '../../../platform/time';
import type { ActionRequest, CommandRequest, Feature, RequestScope, ViewRequest } from '../../../app/legacy-requests';
import { textMessage } from '../../../platform/slack/blocks';
import { TABLE_IDS } from './ids';
import {
  actionDoneMessage,
  actionItemsMessage,
  convenedMessage,
  delegateModal,
  meetingFieldErrors,
  meetingModal,
  minutesFieldErrors,
  minutesModal,
  noticeMessage,
  tableHelpMessage,
  upcomingMessage,
  type MeetingModalModel,
} from './views';
import { parseMetadata, readViewValues, stringifyMetadata, type ViewValues } from '../../../platform/slack/view-state';

const { action: ACTION, block: BLOCK, callback: CALLBACK } = TABLE_IDS;

/**
 * Opens the convene modal (from the command, or pre-filled from a closed date poll). The channel
 * comes from the request; anything but a channel id (a DM, a forged value) leaves the field empty,
 * or Slack would refuse the whole modal.
 */
async function openConveneModal(scope: RequestScope, triggerId: string, requested: MeetingModalModel['initial']): Promise<void> {
  const { actor, t, services } = scope;
  const channelId = typeof requested.channelId === 'string' && /^[CG][A-Z0-9]+$/.test(requested.channelId) ? requested.channelId : undefined;
  const initial = { ...requested, channelId };
  const model = await services.table.conveneModel(actor);
  await scope.client.views.open({
    trigger_id: triggerId,
    view: meetingModal(
      {
        mode: 'convene',
        organizations: model.organizations,
        selectedOrganizationIds: model.organizations.map((o) => o.id),
        openActions: model.openActions,
        initial,
        privateMetadata: stringifyMetadata({ channelId: initial.channelId }),
      },
      t,
    ),
  });
}

async function openMinutesModal(req: CommandRequest, meetingId: number): Promise<void> {
  const { actor, t, services } = req;
  const model = await services.table.minutesModel(actor, meetingId);
  await req.ack();
  await req.client.views.open({
    trigger_id: req.command.trigger_id,
    view: minutesModal({ ...model, privateMetadata: stringifyMetadata({ meetingId }) }, t, services.table.timezone),
  });
}

function canComplete(actor: Actor) {
  // Observers read only: the service refuses them, so they get no button either.
  return (item: { ownerUserId: string | null; ownerOrganizationId: number }) =>
    actor.role !== 'observer' && (item.ownerUserId === actor.userId || actsFor(actor, item.ownerOrganizationId));
}

async function tavolo(req: CommandRequest): Promise<void> {
  const { actor, t, services, command } = req;
  const tz = services.table.timezone;
  const parsed = parseTavoloCommand(command.text);
  switch (parsed.kind) {
    case 'help':
      return req.ack(tableHelpMessage(t));
    case 'upcoming':
      return req.ack(upcomingMessage(await services.table.upcoming(actor), t, tz));
    case 'show':
      return req.ack(noticeMessage(await services.table.details(actor, parsed.meetingId), t, tz));
    case 'convene':
      requireCoordinator(actor);
      await req.ack();
      return openConveneModal(req, command.trigger_id, { channelId: command.channel_id });
    case 'propose': {
      const meeting = await services.table.proposeAgendaItem(actor, parsed.meetingId, parsed.text);
      return req.ack(textMessage(t('table.agenda.proposed', { id: meeting.id, title: meeting.title })));
    }
    case 'minutes':
      return openMinutesModal(req, parsed.meetingId);
    case 'actions': {
      const { items, total } = await services.table.actionItems(actor, parsed.filter);
      return req.ack(actionItemsMessage(items, parsed.filter, canComplete(actor), t, calendarDateIn(new Date(), tz), total));
    }
    case 'invalid':
      throw new AppError('invalid_input', { reasonKey: parsed.reasonKey });
    case 'unknown':
      return req.ack(textMessage(t('common.errors.unknown_command', { command: `${command.command} ${parsed.word}`, base: command.command })));
  }
}

function meetingRaw(values: ViewValues): MeetingInputRaw {
  return {
    title: values.text(BLOCK.title),
    date: values.date(BLOCK.date),
    start: values.time(BLOCK.start),
    end: values.time(BLOCK.end),
    place: values.text(BLOCK.place),
    link: values.text(BLOCK.link),
    agenda: values.text(BLOCK.agenda),
    organizationIds: values.selectedMany(BLOCK.organizations),
    channelId: values.channel(BLOCK.channel),
  };
}

async function submitConvene(req: ViewRequest): Promise<void> {
  const { actor, t, services, view } = req;
  const values = readViewValues(view);
  const result = await services.table.convene(actor, meetingRaw(values), values.selectedMany(BLOCK.carry));
  if (!result.ok) return req.ack({ errors: meetingFieldErrors(result.errors, t) });
  await req.ack();
  const message = convenedMessage(result.meeting, t, services.table.timezone);
  await services.directMessages.send(actor.userId, message).catch((error: unknown) => {
    req.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not confirm the new meeting');
  });
  await refreshInvitedHomes(req, result.meeting.id);
}

/** The meeting changed for every invited organization: their members' App Home shows it. */
async function refreshInvitedHomes(scope: RequestScope, meetingId: number): Promise<void> {
  await scope.services.home.refreshOrganizations(await scope.services.table.invitedOrganizationIds(meetingId));
}

async function submitEdit(req: ViewRequest): Promise<void> {
  const { actor, t, services, view } = req;
  const { meetingId } = parseMetadata(view.private_metadata, { meetingId: 'number' });
  if (!meetingId) throw new AppError('not_found', { whatKey: 'table.what.meeting', id: '?' });
  const result = await services.table.reschedule(actor, meetingId, meetingRaw(readViewValues(view)));
  if (!result.ok) return req.ack({ errors: meetingFieldErrors(result.errors, t) });
  await req.ack();
  await services.table.notifyChange(result.meeting, 'rescheduled');
  await refreshInvitedHomes(req, result.meeting.id);
}

/** After the change is committed (and Slack acked): the App Home of each person concerned, one at a time. */
async function refreshHomes(scope: RequestScope, userIds: ReadonlyArray<string | null | undefined>): Promise<void> {
  for (const userId of new Set(userIds)) if (userId) await scope.services.home.refresh(userId);
}

async function submitDelegate(req: ViewRequest): Promise<void> {
  const { actor, services, view } = req;
  const { meetingId } = parseMetadata(view.private_metadata, { meetingId: 'number' });
  if (!meetingId) throw new AppError('not_found', { whatKey: 'table.what.meeting', id: '?' });
  const delegate = readViewValues(view).user(BLOCK.delegateUser);
  await services.table.setDelegate(actor, meetingId, delegate);
  await req.ack();
  await refreshHomes(req, [actor.userId, delegate]);
}

async function submitMinutes(req: ViewRequest): Promise<void> {
  const { actor, t, services, view } = req;
  const { meetingId } = parseMetadata(view.private_metadata, { meetingId: 'number' });
  if (!meetingId) throw new AppError('not_found', { whatKey: 'table.what.meeting', id: '?' });
  const values = readViewValues(view);
  const actions = Array.from({ length: ACTION_SLOTS }, (_, i) => ({
    text: values.text(BLOCK.actionText(i)),
    organizationId: values.selected(BLOCK.actionOrg(i)),
    ownerUserId: values.user(BLOCK.actionOwner(i)),
    dueDate: values.date(BLOCK.actionDue(i)),
  }));
  const result = await services.table.recordMinutes(actor, meetingId, {
    attendees: values.users(BLOCK.attendees),
    summary: values.text(BLOCK.summary),
    decisions: values.text(BLOCK.decisions),
    actions,
  });
  if (!result.ok) return req.ack({ errors: minutesFieldErrors(result.errors, t) });
  await req.ack();
  await services.table.postPendingMinutes(new Date());
  await refreshHomes(req, await services.table.actionOwnerIds(meetingId));
}

/** The meeting a notice button refers to: its value, validated (never trusted for permissions). */
function meetingIdOf(req: ActionRequest): number {
  const id = parseMeetingNumber('value' in req.action && typeof req.action.value === 'string' ? req.action.value : undefined);
  if (!id) throw new AppError('not_found', { whatKey: 'table.what.meeting', id: '?' });
  return id;
}

function triggerOf(req: ActionRequest): string {
  return req.body.trigger_id;
}

async function onRsvp(req: ActionRequest): Promise<void> {
  const response = req.actionSuffix;
  if (response !== 'yes' && response !== 'no' && response !== 'maybe') throw new AppError('invalid_input', { reasonKey: 'table.rsvp.unknown' });
  const meeting = await req.services.table.rsvp(req.actor, meetingIdOf(req), response);
  await req.reply(textMessage(req.t(`table.rsvp.recorded_${response}`, { id: meeting.id })));
  await refreshHomes(req, [req.actor.userId]);
}

async function onDelegateOpen(req: ActionRequest): Promise<void> {
  const { actor, t, services } = req;
  const details = await services.table.details(actor, meetingIdOf(req));
  if (!actor.member) throw new AppError('forbidden', { reasonKey: 'table.rsvp.no_organization' });
  await req.client.views.open({
    trigger_id: triggerOf(req),
    view: delegateModal(details.meeting, t, services.table.timezone, stringifyMetadata({ meetingId: details.meeting.id })),
  });
}

async function onIcs(req: ActionRequest): Promise<void> {
  const id = meetingIdOf(req);
  await req.services.table.sendCalendar(req.actor, id);
  await req.reply(textMessage(req.t('table.ics.sent', { id })));
}

async function onEditOpen(req: ActionRequest): Promise<void> {
  const { actor, t, services } = req;
  const tz = services.table.timezone;
  const { details, organizations } = await services.table.editModel(actor, meetingIdOf(req));
  const m = details.meeting;
  await req.client.views.open({
    trigger_id: triggerOf(req),
    view: meetingModal(
      {
        mode: 'edit',
        organizations,
        selectedOrganizationIds: details.invited.map((o) => o.id),
        openActions: [],
        initial: {
          title: m.title,
          date: calendarDateIn(m.startsAt, tz),
          start: formatInstant(m.startsAt, tz, 'it', 'time'),
          end: formatInstant(m.endsAt, tz, 'it', 'time'),
          place: m.place ?? undefined,
          link: m.link ?? undefined,
        },
        privateMetadata: stringifyMetadata({ meetingId: m.id }),
      },
      t,
    ),
  });
}

async function onCancel(req: ActionRequest): Promise<void> {
  const meeting = await req.services.table.cancel(req.actor, meetingIdOf(req));
  await req.reply(textMessage(req.t('table.cancel.done', { id: meeting.id })));
  await refreshInvitedHomes(req, meeting.id);
}

async function onAgenda(req: ActionRequest): Promise<void> {
  const itemId = parseMeetingNumber(req.actionSuffix);
  const action = req.action as { selected_option?: { value?: string } };
  const operation = action.selected_option?.value;
  if (!itemId || (operation !== 'up' && operation !== 'down' && operation !== 'drop')) throw new AppError('invalid_input', { reasonKey: 'table.agenda.unknown_operation' });
  const meeting = await req.services.table.moveAgendaItem(req.actor, itemId, operation);
  await req.reply(textMessage(req.t(`table.agenda.done_${operation}`, { id: meeting.id })));
}

async function onActionDone(req: ActionRequest): Promise<void> {
  const id = parseMeetingNumber('value' in req.action && typeof req.action.value === 'string' ? req.action.value : undefined);
  if (!id) throw new AppError('not_found', { whatKey: 'table.what.action_item', id: '?' });
  const item = await req.services.table.completeAction(req.actor, id);
  await req.reply(actionDoneMessage(item, req.t));
  await refreshHomes(req, [req.actor.userId, item.ownerUserId]);
}

async function onConveneFromPoll(req: ActionRequest): Promise<void> {
  requireCoordinator(req.actor);
  const value = 'value' in req.action && typeof req.action.value === 'string' ? req.action.value : undefined;
  const prefill = parseConvenePrefill(value, req.services.table.timezone);
  await openConveneModal(req, triggerOf(req), {
    date: prefill?.date,
    start: prefill?.start,
    end: prefill?.end,
    channelId: req.body.channel?.id,
  });
}

export const tableFeature: Feature = {
  commands: { '/tavolo': tavolo },
  actions: {
    [ACTION.rsvp]: onRsvp,
    [ACTION.delegateOpen]: onDelegateOpen,
    [ACTION.ics]: onIcs,
    [ACTION.editOpen]: onEditOpen,
    [ACTION.cancel]: onCancel,
    [ACTION.agenda]: onAgenda,
    [ACTION.actionDone]: onActionDone,
    [ACTION.conveneFromPoll]: onConveneFromPoll,
  },
  views: {
    [CALLBACK.convene]: { errorBlock: BLOCK.title, handle: submitConvene },
    [CALLBACK.edit]: { errorBlock: BLOCK.title, handle: submitEdit },
    [CALLBACK.delegate]: { errorBlock: BLOCK.delegateUser, handle: submitDelegate },
    [CALLBACK.minutes]: { errorBlock: BLOCK.summary, handle: submitMinutes },
  },
};
