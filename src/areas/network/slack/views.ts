import { ORGANIZATION_KINDS, type Actor, type MemberWithOrganization, type Organization } from '../domain/types';
import type { FieldErrors } from '../../../platform/input/validation';
import type { OrganizationField } from '../domain/organization-input';
import type { Translator } from '../../../platform/i18n';
import { DerivedMemo } from '../../../platform/bounded-memo';
import type { AddMemberResult, Directory } from '../use-cases/network-service';
import type { Block, MessageContent, ModalView } from '../../../platform/slack/types';
import { capBlocks, context, escapeMrkdwn, header, plain, section, textMessage } from '../../../platform/slack/blocks';
import { toBlockErrors } from '../../../platform/slack/error-views';
import { INPUT } from '../../../platform/slack/ids';
import { BLOCK, CALLBACK } from './ids';

/** `directoryMessage`, built once per directory read and language (the directory comes from memory until it changes). */
export function sharedDirectoryMessage(directory: Directory, t: Translator): MessageContent {
  return renderedDirectories.get(directory, t.locale, () => Object.freeze(directoryMessage(directory, t)));
}
const renderedDirectories = new DerivedMemo<MessageContent>(4);

export function directoryMessage(directory: Directory, t: Translator): MessageContent {
  const title = t('network.list.header');
  if (directory.organizations.length === 0) return { text: title, blocks: [header(title), section(t('network.list.empty'))] };
  const byOrg = new Map<number, MemberWithOrganization[]>();
  for (const m of directory.members) byOrg.set(m.organizationId, [...(byOrg.get(m.organizationId) ?? []), m]);
  const groups = directory.organizations.map((org) => [organizationSection(org, byOrg.get(org.id) ?? [], t)]);
  const summary = context([
    t('network.list.summary', { count: directory.organizations.length, members: directory.members.length }),
  ]);
  return { text: title, blocks: capBlocks([header(title), summary], groups, [], t) };
}

function organizationSection(org: Organization, members: MemberWithOrganization[], t: Translator): Block {
  const tags = [t(`common.orgKinds.${org.kind}`)];
  if (org.isCoordinatorBody) tags.push(t('network.list.coordinator_body'));
  if (!org.active) tags.push(t('network.list.inactive'));
  const line = t('network.list.org_line', { name: escapeMrkdwn(org.name), shortName: escapeMrkdwn(org.shortName), kind: tags.join(' · ') });
  const people = members.length
    ? members.map((m) => t('network.list.member', { userId: m.userId, role: t(`common.roles.${m.role}`) })).join(', ')
    : t('network.list.no_members');
  return section(`${line}\n${people}`);
}

export function meMessage(actor: Actor, t: Translator): MessageContent {
  const lines: string[] = [];
  if (actor.member) {
    lines.push(
      t('network.me.member', {
        userId: actor.userId,
        role: t(`common.roles.${actor.role ?? actor.member.role}`),
        organization: escapeMrkdwn(actor.member.organization.name),
        shortName: escapeMrkdwn(actor.member.organization.shortName),
      }),
    );
  }
  if (actor.isConfiguredAdmin) lines.push(t('network.me.admin_note'));
  return textMessage(lines.join('\n'));
}

export function helpMessage(t: Translator): MessageContent {
  const title = t('network.help.title');
  return { text: title, blocks: [section(`*${title}*\n${t('network.help.lines')}`), context([t('network.help.other_commands')])] };
}

export function addMemberMessage(result: AddMemberResult, t: Translator): MessageContent {
  const m = result.member;
  const values = { userId: m.userId, role: t(`common.roles.${m.role}`), organization: escapeMrkdwn(m.organization.name) };
  switch (result.kind) {
    case 'added':
      return textMessage(t('network.add.added', values));
    case 'unchanged':
      return textMessage(t('network.add.unchanged', values));
    case 'moved':
      return textMessage(
        t('network.add.moved', {
          ...values,
          previousRole: t(`common.roles.${result.previous.role}`),
          previousOrganization: escapeMrkdwn(result.previous.organization.name),
        }),
      );
  }
}

export function removeMemberMessage(userId: string, removed: MemberWithOrganization | undefined, t: Translator): MessageContent {
  return textMessage(
    removed
      ? t('network.remove.removed', { userId, organization: escapeMrkdwn(removed.organization.name) })
      : t('network.remove.not_member', { userId }),
  );
}

export function organizationCreatedMessage(org: Organization, t: Translator): MessageContent {
  return textMessage(t('network.org.created', { name: escapeMrkdwn(org.name), shortName: escapeMrkdwn(org.shortName) }));
}

export function organizationModal(t: Translator, privateMetadata: string): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.organizationNew,
    private_metadata: privateMetadata,
    title: plain(t('network.org.modal_title'), 24),
    submit: plain(t('network.org.submit'), 24),
    close: plain(t('common.buttons.cancel'), 24),
    blocks: [
      {
        type: 'input',
        block_id: BLOCK.orgName,
        label: plain(t('network.org.name_label'), 2000),
        element: { type: 'plain_text_input', action_id: INPUT, max_length: 120, placeholder: plain(t('network.org.name_placeholder'), 150) },
      },
      {
        type: 'input',
        block_id: BLOCK.orgShortName,
        label: plain(t('network.org.short_name_label'), 2000),
        hint: plain(t('network.org.short_name_hint'), 2000),
        element: { type: 'plain_text_input', action_id: INPUT, max_length: 20 },
      },
      {
        type: 'input',
        block_id: BLOCK.orgKind,
        label: plain(t('network.org.kind_label'), 2000),
        element: {
          type: 'static_select',
          action_id: INPUT,
          options: ORGANIZATION_KINDS.map((kind) => ({ text: plain(t(`common.orgKinds.${kind}`)), value: kind })),
        },
      },
    ],
  };
}

const ORGANIZATION_FIELD_BLOCKS: Record<OrganizationField, string> = {
  name: BLOCK.orgName,
  shortName: BLOCK.orgShortName,
  kind: BLOCK.orgKind,
};

export function organizationFieldErrors(errors: FieldErrors<OrganizationField>, t: Translator): Record<string, string> {
  return toBlockErrors(errors, ORGANIZATION_FIELD_BLOCKS, t);
}
