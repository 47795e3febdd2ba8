import { parseReteCommand } from '../domain/rete-command';
import { requireCoordinator, requireMember } from '../domain/permissions';
import { AppError } from '../../../platform/errors';
import type { Feature, CommandRequest, ViewRequest } from '../../../app/legacy-requests';
import { textMessage } from '../../../platform/slack/blocks';
import { readViewValues, parseMetadata, stringifyMetadata } from '../../../platform/slack/view-state';
import { BLOCK, CALLBACK } from './ids';
import {
  addMemberMessage,
  sharedDirectoryMessage,
  helpMessage,
  meMessage,
  organizationCreatedMessage,
  organizationFieldErrors,
  organizationModal,
  removeMemberMessage,
} from './views';

async function rete(req: CommandRequest): Promise<void> {
  const { actor, t, services, command } = req;
  const parsed = parseReteCommand(command.text);
  switch (parsed.kind) {
    case 'help':
      return req.ack(helpMessage(t));
    case 'me':
      requireMember(actor);
      return req.ack(meMessage(actor, t));
    case 'list':
      return req.ack(sharedDirectoryMessage(await services.network.directory(actor), t));
    case 'add': {
      const result = await services.network.addMember(actor, {
        userId: parsed.userId,
        teamId: command.team_id ?? null,
        organizationQuery: parsed.organizationQuery,
        role: parsed.role,
      });
      await req.ack(addMemberMessage(result, t));
      if (result.kind !== 'unchanged') await services.home.refresh(parsed.userId);
      return;
    }
    case 'remove': {
      const removed = await services.network.removeMember(actor, parsed.userId);
      await req.ack(removeMemberMessage(parsed.userId, removed, t));
      if (removed) await services.home.refresh(parsed.userId);
      return;
    }
    case 'new_organization':
      requireCoordinator(actor);
      await req.ack();
      await req.client.views.open({
        trigger_id: command.trigger_id,
        view: organizationModal(t, stringifyMetadata({ channelId: command.channel_id })),
      });
      return;
    case 'invalid':
      throw new AppError('invalid_input', { reasonKey: parsed.reasonKey, ...parsed.values });
    case 'unknown':
      return req.ack(textMessage(t('common.errors.unknown_command', { command: `${command.command} ${parsed.word}`, base: command.command })));
  }
}

async function submitOrganization(req: ViewRequest): Promise<void> {
  const { actor, t, services, view } = req;
  const values = readViewValues(view);
  const result = await services.network.createOrganization(actor, {
    name: values.text(BLOCK.orgName),
    shortName: values.text(BLOCK.orgShortName),
    kind: values.selected(BLOCK.orgKind),
  });
  if (!result.ok) return req.ack({ errors: organizationFieldErrors(result.errors, t) });
  await req.ack();
  const { channelId } = parseMetadata(view.private_metadata, { channelId: 'string' });
  if (channelId) {
    const message = organizationCreatedMessage(result.organization, t);
    await req.client.chat.postEphemeral({ channel: channelId, user: actor.userId, text: message.text, blocks: message.blocks }).catch((error: unknown) => {
      req.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not confirm the new organization');
    });
  }
}

export const networkFeature: Feature = {
  commands: { '/rete': rete },
  views: { [CALLBACK.organizationNew]: { errorBlock: BLOCK.orgName, handle: submitOrganization } },
};
