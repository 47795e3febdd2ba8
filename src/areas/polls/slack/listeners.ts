import { parseSondaggioCommand } from '../domain/sondaggio-command';
import { AppError } from '../../../platform/errors';
import type { ActionRequest, CommandRequest, Feature, ViewRequest } from '../../../app/legacy-requests';
import { textMessage } from '../../../platform/slack/blocks';
import { POLL_IDS } from './ids';
import { pollCreatedMessage, pollFieldErrors, pollHelpMessage, pollListMessage, pollModal, voteReceiptMessage } from './views';
import { parseMetadata, readViewValues, stringifyMetadata } from '../../../platform/slack/view-state';

async function sondaggio(req: CommandRequest): Promise<void> {
  const { actor, t, services, command } = req;
  const parsed = parseSondaggioCommand(command.text);
  switch (parsed.kind) {
    case 'help':
      return req.ack(pollHelpMessage(t));
    case 'new': {
      const organizations = await services.polls.organizationsForForm(actor);
      await req.ack();
      await req.client.views.open({
        trigger_id: command.trigger_id,
        view: pollModal(t, { organizations, channelId: command.channel_id, kind: parsed.pollKind, privateMetadata: stringifyMetadata({ channelId: command.channel_id }) }),
      });
      return;
    }
    case 'list':
      return req.ack(pollListMessage(await services.polls.list(actor), t, services.polls.timezone));
    case 'export': {
      await req.ack();
      const poll = await services.polls.exportCsv(actor, parsed.pollId);
      return req.reply(textMessage(t('polls.export.sent', { id: poll.id })));
    }
    case 'invalid':
      throw new AppError('invalid_input', { reasonKey: parsed.reasonKey });
    case 'unknown':
      return req.ack(textMessage(t('common.errors.unknown_command', { command: `${command.command} ${parsed.word}`, base: command.command })));
  }
}

async function submitPoll(req: ViewRequest): Promise<void> {
  const { actor, t, services, view } = req;
  const values = readViewValues(view);
  const result = await services.polls.create(actor, {
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
  if (!result.ok) return req.ack({ errors: pollFieldErrors(result.errors, t) });
  await req.ack();
  const { channelId } = parseMetadata(view.private_metadata, { channelId: 'string' });
  if (channelId) {
    const message = pollCreatedMessage(result.poll, t);
    await req.client.chat.postEphemeral({ channel: channelId, user: actor.userId, text: message.text, blocks: message.blocks }).catch((error: unknown) => {
      req.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not confirm the new poll');
    });
  }
}

/** `poll_vote:<optionId>` (choice) or `poll_vote:<optionId>:<yes|maybe|no>` (date). */
async function vote(req: ActionRequest): Promise<void> {
  const [option, answer] = (req.actionSuffix ?? '').split(':');
  const receipt = await req.services.polls.vote(req.actor, { optionId: Number(option), answer });
  await req.reply(voteReceiptMessage(receipt, req.t));
}

function pollIdOf(req: ActionRequest): number {
  const id = Number(req.actionSuffix ?? ('value' in req.action ? req.action.value : ''));
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', { whatKey: 'polls.reasons.poll' });
  return id;
}

async function close(req: ActionRequest): Promise<void> {
  const poll = await req.services.polls.close(req.actor, pollIdOf(req));
  await req.reply(textMessage(req.t('polls.close.done', { id: poll.id })));
}

async function reopen(req: ActionRequest): Promise<void> {
  const poll = await req.services.polls.reopen(req.actor, pollIdOf(req));
  await req.reply(textMessage(req.t('polls.close.reopened', { id: poll.id })));
}

async function remind(req: ActionRequest): Promise<void> {
  const count = await req.services.polls.remind(req.actor, pollIdOf(req));
  await req.reply(textMessage(count > 0 ? req.t('polls.remind.sent', { count }) : req.t('polls.remind.nobody')));
}

export const pollsFeature: Feature = {
  commands: { '/sondaggio': sondaggio },
  actions: { [POLL_IDS.vote]: vote, [POLL_IDS.close]: close, [POLL_IDS.reopen]: reopen, [POLL_IDS.remind]: remind },
  views: { [POLL_IDS.callbackNew]: { errorBlock: POLL_IDS.blockQuestion, handle: submitPoll } },
};
