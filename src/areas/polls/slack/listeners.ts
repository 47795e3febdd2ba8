import { commonMessages } from '../../../platform/i18n/common';
import type { Platform } from '../../../platform/runtime';
import { textMessage } from '../../../platform/slack/blocks';
import type { ActionRequest, CommandRequest, Feature, ViewRequest } from '../../../platform/slack/router';
import { parseMetadata, readViewValues, stringifyMetadata } from '../../../platform/slack/view-state';
import type { Actor } from '../../network';
import { invalidInput, notFound } from '../domain/errors';
import { parseSondaggioCommand } from '../domain/sondaggio-command';
import type { PollsUseCases } from '../use-cases/polls';
import { POLL_IDS } from './ids';
import { pollCreatedMessage, pollFieldErrors, pollModal } from './views/form';
import {
  exportComment,
  exportSentMessage,
  pollClosedMessage,
  pollHelpMessage,
  pollListMessage,
  pollReopenedMessage,
  remindersSentMessage,
  voteReceiptMessage,
  withdrawnMessage,
} from './views/replies';

/** `/sondaggio`, the create modal, and the poll message's buttons: each calls one use case, then a view. */
export function createPollsFeature(polls: PollsUseCases, platform: Pick<Platform, 'config' | 'directMessages'>): Feature<Actor> {
  const tz = platform.config.timezone;

  async function sondaggio(req: CommandRequest<Actor>): Promise<void> {
    const { actor, locale, command } = req;
    const parsed = parseSondaggioCommand(command.text);
    switch (parsed.kind) {
      case 'help':
        return req.ack(pollHelpMessage(locale));
      case 'new': {
        const organizations = await polls.organizationsForForm(actor);
        await req.ack();
        await req.client.views.open({
          trigger_id: command.trigger_id,
          view: pollModal(locale, { organizations, channelId: command.channel_id, kind: parsed.pollKind, privateMetadata: stringifyMetadata({ channelId: command.channel_id }) }),
        });
        return;
      }
      case 'list':
        return req.ack(pollListMessage(await polls.list(actor), locale, tz));
      case 'export': {
        await req.ack();
        const file = await polls.exportCsv(actor, parsed.pollId);
        await platform.directMessages.sendFile(actor.userId, { filename: file.filename, title: file.title, content: file.content, comment: exportComment(file.poll, locale) });
        return req.reply(exportSentMessage(file.poll, locale));
      }
      case 'invalid': {
        const reason = parsed.reason;
        throw invalidInput((m) => m.command[reason]);
      }
      case 'unknown':
        return req.ack(textMessage(commonMessages(locale).errors.unknown_command({ command: `${command.command} ${parsed.word}`, base: command.command })));
    }
  }

  async function submitPoll(req: ViewRequest<Actor>): Promise<void> {
    const { actor, locale, view } = req;
    const values = readViewValues(view);
    const result = await polls.create(actor, {
      kind: values.selected(POLL_IDS.blockKind),
      question: values.text(POLL_IDS.blockQuestion),
      options: values.text(POLL_IDS.blockOptions),
      slots: values.text(POLL_IDS.blockSlots),
      settings: values.selectedMany(POLL_IDS.blockSettings),
      scope: values.selected(POLL_IDS.blockScope),
      organizationIds: values.selectedMany(POLL_IDS.blockOrganizations),
      deadlineDate: values.date(POLL_IDS.blockDeadlineDate),
      deadlineTime: values.time(POLL_IDS.blockDeadlineTime),
      channelId: values.channel(POLL_IDS.blockChannel),
    });
    if (!result.ok) return req.ack({ errors: pollFieldErrors(result.errors, locale) });
    await req.ack();
    const { channelId } = parseMetadata(view.private_metadata, { channelId: 'string' });
    if (channelId) {
      const message = pollCreatedMessage(result.poll, locale);
      await req.client.chat.postEphemeral({ channel: channelId, user: actor.userId, text: message.text, blocks: message.blocks }).catch((error: unknown) => {
        req.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not confirm the new poll');
      });
    }
  }

  /** `poll_vote:<optionId>` (choice) or `poll_vote:<optionId>:<yes|maybe|no>` (date). */
  async function vote(req: ActionRequest<Actor>): Promise<void> {
    const [option, answer] = (req.actionSuffix ?? '').split(':');
    const receipt = await polls.vote(req.actor, { optionId: Number(option), answer });
    await req.reply(voteReceiptMessage(receipt, req.locale));
  }

  function pollIdOf(req: ActionRequest<Actor>): number {
    const id = Number(req.actionSuffix ?? ('value' in req.action ? req.action.value : ''));
    if (!Number.isSafeInteger(id) || id <= 0) throw notFound((m) => m.reasons.poll);
    return id;
  }

  async function close(req: ActionRequest<Actor>): Promise<void> {
    await req.reply(pollClosedMessage(await polls.close(req.actor, pollIdOf(req)), req.locale));
  }

  async function reopen(req: ActionRequest<Actor>): Promise<void> {
    await req.reply(pollReopenedMessage(await polls.reopen(req.actor, pollIdOf(req)), req.locale));
  }

  /** `poll_withdraw:<pollId>`: from the poll message, the vote's confirmation or the App Home (answered by DM there). */
  async function withdraw(req: ActionRequest<Actor>): Promise<void> {
    await req.reply(withdrawnMessage(await polls.withdraw(req.actor, pollIdOf(req)), req.locale));
  }

  async function remind(req: ActionRequest<Actor>): Promise<void> {
    await req.reply(remindersSentMessage(await polls.remind(req.actor, pollIdOf(req)), req.locale));
  }

  return {
    commands: { '/sondaggio': sondaggio },
    actions: { [POLL_IDS.vote]: vote, [POLL_IDS.close]: close, [POLL_IDS.reopen]: reopen, [POLL_IDS.remind]: remind, [POLL_IDS.withdraw]: withdraw },
    views: { [POLL_IDS.callbackNew]: { errorBlock: POLL_IDS.blockQuestion, handle: submitPoll } },
  };
}
