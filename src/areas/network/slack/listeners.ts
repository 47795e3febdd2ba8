import { parseReteCommand } from '../domain/rete-command';
import type { Actor } from '../domain/types';
import { AppError } from '../../../platform/errors';
import { commonMessages } from '../../../platform/i18n/common';
import type { CommandRequest, Feature, ViewRequest } from '../../../platform/slack/router';
import { textMessage } from '../../../platform/slack/blocks';
import { readViewValues, parseMetadata, stringifyMetadata } from '../../../platform/slack/view-state';
import type { DirectoryReads } from '../use-cases/directory';
import type { MemberChanges } from '../use-cases/members';
import type { OrganizationChanges } from '../use-cases/organizations';
import { BLOCK, CALLBACK } from './ids';
import {
  addMemberMessage,
  directoryMessage,
  helpMessage,
  meMessage,
  organizationCreatedMessage,
  organizationFieldErrors,
  organizationModal,
  removeMemberMessage,
} from './views';

/** The use cases the network's Slack surfaces call. */
export interface NetworkUseCases {
  directory: DirectoryReads;
  members: MemberChanges;
  organizations: OrganizationChanges;
}

/** `/rete` and the new-organization modal. */
export function networkFeature(network: NetworkUseCases): Feature<Actor> {
  async function rete(req: CommandRequest<Actor>): Promise<void> {
    const { actor, locale, command } = req;
    const parsed = parseReteCommand(command.text);
    switch (parsed.kind) {
      case 'help':
        return req.ack(helpMessage(locale));
      case 'me':
        return req.ack(meMessage(network.directory.whoAmI(actor), locale));
      case 'list':
        return req.ack(directoryMessage(await network.directory.directory(actor), locale));
      case 'add': {
        const result = await network.members.addMember(actor, {
          userId: parsed.userId,
          teamId: command.team_id ?? null,
          organizationQuery: parsed.organizationQuery,
          role: parsed.role,
        });
        return req.ack(addMemberMessage(result, locale));
      }
      case 'remove': {
        const removed = await network.members.removeMember(actor, parsed.userId);
        return req.ack(removeMemberMessage(parsed.userId, removed, locale));
      }
      case 'new_organization':
        network.organizations.startCreating(actor);
        await req.ack();
        await req.client.views.open({
          trigger_id: command.trigger_id,
          view: organizationModal(locale, stringifyMetadata({ channelId: command.channel_id })),
        });
        return;
      case 'invalid':
        throw new AppError('invalid_input', { reason: parsed.reason });
      case 'unknown':
        return req.ack(textMessage(commonMessages(locale).errors.unknown_command({ command: `${command.command} ${parsed.word}`, base: command.command })));
    }
  }

  async function submitOrganization(req: ViewRequest<Actor>): Promise<void> {
    const { actor, locale, view } = req;
    const values = readViewValues(view);
    const result = await network.organizations.createOrganization(actor, {
      name: values.text(BLOCK.orgName),
      shortName: values.text(BLOCK.orgShortName),
      kind: values.selected(BLOCK.orgKind),
    });
    if (!result.ok) return req.ack({ errors: organizationFieldErrors(result.errors, locale) });
    await req.ack();
    const { channelId } = parseMetadata(view.private_metadata, { channelId: 'string' });
    if (channelId) {
      const message = organizationCreatedMessage(result.organization, locale);
      await req.client.chat.postEphemeral({ channel: channelId, user: actor.userId, text: message.text, blocks: message.blocks }).catch((error: unknown) => {
        req.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not confirm the new organization');
      });
    }
  }

  return {
    commands: { '/rete': rete },
    views: { [CALLBACK.organizationNew]: { errorBlock: BLOCK.orgName, handle: submitOrganization } },
  };
}
