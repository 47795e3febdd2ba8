import type { Actor } from '../../network';
import { AppError } from '../../../platform/errors';
import { commonMessages } from '../../../platform/i18n/common';
import type { Locale } from '../../../platform/i18n/locales';
import type { Platform } from '../../../platform/runtime';
import { escapeMrkdwn, textMessage } from '../../../platform/slack/blocks';
import type { ActionRequest, CommandRequest, Feature, ViewRequest } from '../../../platform/slack/router';
import type { SlackClient } from '../../../platform/slack/types';
import { parseMetadata, readViewValues, stringifyMetadata, type ViewValues } from '../../../platform/slack/view-state';
import { calendarDateIn, formatInstant } from '../../../platform/time';
import { parseConvenePrefill, type MeetingInputRaw } from '../domain/meeting-input';
import { notFound, refusal } from '../domain/meeting-rules';
import { ACTION_SLOTS } from '../domain/minutes-input';
import { parseMeetingNumber, parseTavoloCommand } from '../domain/tavolo-command';
import { tableMessages } from '../messages';
import type { ConveneModel } from '../use-cases/meetings';
import type { TableUseCases } from '../use-cases/table-use-cases';
import { TABLE_IDS } from './ids';
import { actionDoneMessage, actionItemsMessage, calendarComment, remindReply, tableHelpMessage } from './message-views';
import { delegateModal, meetingFieldErrors, meetingModal, minutesFieldErrors, minutesModal, type MeetingModalModel } from './modal-views';
import { noticeMessage, upcomingMessage } from './notice-views';

const { action: ACTION, block: BLOCK, callback: CALLBACK } = TABLE_IDS;

type Command = CommandRequest<Actor>;
type Action = ActionRequest<Actor>;
type Submission = ViewRequest<Actor>;

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

/** The meeting a modal was opened for (its private metadata). */
function metadataMeetingId(view: Submission['view']): number {
  const { meetingId } = parseMetadata(view.private_metadata, { meetingId: 'number' });
  if (!meetingId) throw notFound((m) => m.what.meeting({ id: '?' }));
  return meetingId;
}

function buttonValue(req: Action): string | undefined {
  return 'value' in req.action && typeof req.action.value === 'string' ? req.action.value : undefined;
}

/** The meeting a notice button refers to: its value, validated (never trusted for permissions). */
function meetingIdOf(req: Action): number {
  const id = parseMeetingNumber(buttonValue(req));
  if (!id) throw notFound((m) => m.what.meeting({ id: '?' }));
  return id;
}

/**
 * Opens the convene modal (from the command, or pre-filled from a closed date poll). The channel
 * comes from the request; anything but a channel id (a DM, a forged value) leaves the field empty,
 * or Slack would refuse the whole modal.
 */
async function openConveneModal(client: SlackClient, triggerId: string, model: ConveneModel, requested: MeetingModalModel['initial'], locale: Locale): Promise<void> {
  const channelId = typeof requested.channelId === 'string' && /^[CG][A-Z0-9]+$/.test(requested.channelId) ? requested.channelId : undefined;
  const initial = { ...requested, channelId };
  await client.views.open({
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
      locale,
    ),
  });
}

/** `/tavolo`, the notice's buttons and the table's modals; every decision is the use cases'. */
export function createTableFeature(useCases: TableUseCases, platform: Pick<Platform, 'directMessages' | 'config'>): Feature<Actor> {
  const { meetings, rsvps, agenda, minutes, reminders } = useCases;
  const tz = platform.config.timezone;

  async function openMinutesModal(req: Command, meetingId: number): Promise<void> {
    const model = await minutes.minutesForm(req.actor, meetingId);
    await req.ack();
    await req.client.views.open({
      trigger_id: req.command.trigger_id,
      view: minutesModal({ ...model, privateMetadata: stringifyMetadata({ meetingId }) }, req.locale, tz),
    });
  }

  async function tavolo(req: Command): Promise<void> {
    const { actor, locale, command } = req;
    const parsed = parseTavoloCommand(command.text);
    switch (parsed.kind) {
      case 'help':
        return req.ack(tableHelpMessage(locale));
      case 'upcoming':
        return req.ack(upcomingMessage(await meetings.upcoming(actor), locale, tz));
      case 'show':
        return req.ack(noticeMessage(await meetings.details(actor, parsed.meetingId), locale, tz));
      case 'convene': {
        const model = await meetings.conveneModel(actor);
        await req.ack();
        return openConveneModal(req.client, command.trigger_id, model, { channelId: command.channel_id }, locale);
      }
      case 'propose': {
        const meeting = await agenda.proposeAgendaItem(actor, parsed.meetingId, parsed.text);
        return req.ack(textMessage(tableMessages(locale).agenda.proposed({ id: meeting.id, title: escapeMrkdwn(meeting.title) })));
      }
      case 'minutes':
        return openMinutesModal(req, parsed.meetingId);
      case 'actions': {
        const list = await minutes.actionItems(actor, parsed.filter);
        const completable = new Set(list.completableIds);
        return req.ack(actionItemsMessage(list.items, parsed.filter, (item) => completable.has(item.id), locale, list.today, list.total));
      }
      case 'remind':
        return req.ack(await remind(actor, parsed.meetingId, locale));
      case 'correct': {
        const { meetingId } = await minutes.correctText(actor, parsed.target, parsed.id, parsed.text);
        return req.ack(textMessage(tableMessages(locale).correct.done({ id: parsed.id, meetingId })));
      }
      case 'invalid': {
        const { usage } = parsed;
        throw new AppError('invalid_input', { reason: tableMessages.text((m) => m.usage[usage]) });
      }
      case 'unknown':
        return req.ack(textMessage(commonMessages(locale).errors.unknown_command({ command: `${command.command} ${parsed.word}`, base: command.command })));
    }
  }

  async function submitConvene(req: Submission): Promise<void> {
    const values = readViewValues(req.view);
    const result = await meetings.convene(req.actor, meetingRaw(values), values.selectedMany(BLOCK.carry));
    if (!result.ok) return req.ack({ errors: meetingFieldErrors(result.errors, req.locale) });
    await req.ack();
  }

  async function submitEdit(req: Submission): Promise<void> {
    const result = await meetings.reschedule(req.actor, metadataMeetingId(req.view), meetingRaw(readViewValues(req.view)));
    if (!result.ok) return req.ack({ errors: meetingFieldErrors(result.errors, req.locale) });
    await req.ack();
  }

  async function submitDelegate(req: Submission): Promise<void> {
    const meetingId = metadataMeetingId(req.view);
    await rsvps.setDelegate(req.actor, meetingId, readViewValues(req.view).user(BLOCK.delegateUser));
    await req.ack();
  }

  async function submitMinutes(req: Submission): Promise<void> {
    const meetingId = metadataMeetingId(req.view);
    const values = readViewValues(req.view);
    const actions = Array.from({ length: ACTION_SLOTS }, (_, i) => ({
      text: values.text(BLOCK.actionText(i)),
      organizationId: values.selected(BLOCK.actionOrg(i)),
      ownerUserId: values.user(BLOCK.actionOwner(i)),
      dueDate: values.date(BLOCK.actionDue(i)),
    }));
    const result = await minutes.recordMinutes(req.actor, meetingId, {
      attendees: values.users(BLOCK.attendees),
      organizationIds: values.selectedMany(BLOCK.attendeeOrganizations),
      summary: values.text(BLOCK.summary),
      decisions: values.text(BLOCK.decisions),
      actions,
    });
    if (!result.ok) return req.ack({ errors: minutesFieldErrors(result.errors, req.locale) });
    await req.ack();
  }

  async function onRsvp(req: Action): Promise<void> {
    const response = req.actionSuffix;
    if (response !== 'yes' && response !== 'no' && response !== 'maybe') throw refusal('invalid_input', (m) => m.rsvp.unknown);
    const meeting = await rsvps.rsvp(req.actor, meetingIdOf(req), response);
    const m = tableMessages(req.locale).rsvp;
    const recorded = { yes: m.recorded_yes, no: m.recorded_no, maybe: m.recorded_maybe }[response];
    await req.reply(textMessage(recorded({ id: meeting.id })));
  }

  async function onDelegateOpen(req: Action): Promise<void> {
    const meeting = await rsvps.delegateModel(req.actor, meetingIdOf(req));
    await req.client.views.open({
      trigger_id: req.body.trigger_id,
      view: delegateModal(meeting, req.locale, tz, stringifyMetadata({ meetingId: meeting.id })),
    });
  }

  /** The calendar file goes to the person's DM (never to a channel), and is recorded: a correction replaces it. */
  async function onIcs(req: Action): Promise<void> {
    const id = meetingIdOf(req);
    const { cancelled, ...file } = await meetings.calendarFile(req.actor, id);
    const sent = await platform.directMessages.deliverFile(req.actor.userId, { ...file, comment: calendarComment(id, { cancelled }, req.locale) });
    await meetings.calendarSent(req.actor, id, sent);
    await req.reply(textMessage(tableMessages(req.locale).ics.sent({ id })));
  }

  /** "Sollecita risposte" (and `/tavolo sollecita <n>`): the reply says what was sent, or when it can be. */
  async function remind(actor: Actor, meetingId: number, locale: Locale) {
    return remindReply(await reminders.remindNow(actor, meetingId), locale, tz);
  }

  async function onRemind(req: Action): Promise<void> {
    await req.reply(await remind(req.actor, meetingIdOf(req), req.locale));
  }

  async function onEditOpen(req: Action): Promise<void> {
    const { details, organizations } = await meetings.editModel(req.actor, meetingIdOf(req));
    const m = details.meeting;
    await req.client.views.open({
      trigger_id: req.body.trigger_id,
      view: meetingModal(
        {
          mode: 'edit',
          organizations,
          selectedOrganizationIds: details.invited.map((o) => o.id),
          openActions: [],
          initial: {
            title: m.title,
            date: calendarDateIn(m.startsAt, tz),
            // The time pickers take 24-hour HH:mm, whatever the reader's language.
            start: formatInstant(m.startsAt, tz, 'it', 'time'),
            end: formatInstant(m.endsAt, tz, 'it', 'time'),
            place: m.place ?? undefined,
            link: m.link ?? undefined,
          },
          privateMetadata: stringifyMetadata({ meetingId: m.id }),
        },
        req.locale,
      ),
    });
  }

  async function onCancel(req: Action): Promise<void> {
    const meeting = await meetings.cancel(req.actor, meetingIdOf(req));
    await req.reply(textMessage(tableMessages(req.locale).cancel.done({ id: meeting.id })));
  }

  async function onAgenda(req: Action): Promise<void> {
    const itemId = parseMeetingNumber(req.actionSuffix);
    const operation = req.action.type === 'overflow' ? req.action.selected_option.value : undefined;
    if (!itemId || (operation !== 'up' && operation !== 'down' && operation !== 'drop')) throw refusal('invalid_input', (m) => m.agenda.unknown_operation);
    const meeting = await agenda.moveAgendaItem(req.actor, itemId, operation);
    const m = tableMessages(req.locale).agenda;
    const done = { up: m.done_up, down: m.done_down, drop: m.done_drop }[operation];
    await req.reply(textMessage(done({ id: meeting.id })));
  }

  async function onActionDone(req: Action): Promise<void> {
    const id = parseMeetingNumber(buttonValue(req));
    if (!id) throw notFound((m) => m.what.action_item({ id: '?' }));
    const item = await minutes.completeAction(req.actor, id);
    await req.reply(actionDoneMessage(item, req.locale));
  }

  async function onConveneFromPoll(req: Action): Promise<void> {
    const model = await meetings.conveneModel(req.actor);
    const prefill = parseConvenePrefill(buttonValue(req), tz);
    await openConveneModal(req.client, req.body.trigger_id, model, { date: prefill?.date, start: prefill?.start, end: prefill?.end, channelId: req.body.channel?.id }, req.locale);
  }

  return {
    commands: { [TABLE_IDS.command]: tavolo },
    actions: {
      [ACTION.rsvp]: onRsvp,
      [ACTION.delegateOpen]: onDelegateOpen,
      [ACTION.ics]: onIcs,
      [ACTION.editOpen]: onEditOpen,
      [ACTION.cancel]: onCancel,
      [ACTION.remind]: onRemind,
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
}
