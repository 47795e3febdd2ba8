import { parseCode, parseReteCommand } from '../domain/rete-command';
import { networkMessages } from '../messages';
import type { Actor } from '../domain/types';
import { AppError } from '../../../platform/errors';
import { commonMessages } from '../../../platform/i18n/common';
import type { ActionRequest, CommandRequest, Feature, ViewRequest } from '../../../platform/slack/router';
import { escapeMrkdwn, textMessage } from '../../../platform/slack/blocks';
import { readViewValues, parseMetadata, stringifyMetadata } from '../../../platform/slack/view-state';
import type { DirectoryReads } from '../use-cases/directory';
import type { MemberChanges } from '../use-cases/members';
import type { OrganizationChanges } from '../use-cases/organizations';
import type { PrivacyRequests } from '../use-cases/privacy';
import { ACTION, BLOCK, CALLBACK } from './ids';
import {
  addMemberMessage,
  directoryMessage,
  erasedMessage,
  erasePreviewMessage,
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
  privacy: PrivacyRequests;
  /** Delivers files by DM (the access export). */
  directMessages: { sendFile(userId: string, file: { filename: string; title: string; content: string; comment?: string }): Promise<void> };
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
      case 'privacy_erase':
        return req.ack(erasePreviewMessage(await network.privacy.preview(actor, parsed.code), locale));
      case 'privacy_export': {
        const m = networkMessages(locale).privacy;
        const file = await network.privacy.accessExport(actor, parsed.code);
        await req.ack(textMessage(m.export_started({ code: escapeMrkdwn(file.code) })));
        await network.directMessages.sendFile(actor.userId, {
          filename: file.filename,
          title: m.export_title({ code: file.code }),
          content: file.content,
          comment: m.export_comment({ code: escapeMrkdwn(file.code), records: m.records({ count: file.total }) }),
        });
        return;
      }
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
    }, req.submission);
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

  async function erase(req: ActionRequest<Actor>): Promise<void> {
    const raw = (req.action as { value?: unknown }).value;
    const code = typeof raw === 'string' ? parseCode(raw) : undefined;
    if (code === undefined) throw new AppError('invalid_input', { reason: networkMessages.text((m) => m.privacy.bad_code) });
    await req.reply(erasedMessage(await network.privacy.erase(req.actor, code), req.locale));
  }

  return {
    commands: { '/rete': rete },
    actions: { [ACTION.privacyErase]: erase },
    views: { [CALLBACK.organizationNew]: { errorBlock: BLOCK.orgName, handle: submitOrganization, claimsSubmission: true } },
  };
}
