import { ORGANIZATION_KINDS, type Actor, type MemberWithOrganization, type Organization } from '../domain/types';
import type { FieldErrors } from '../../../platform/input/validation';
import type { OrganizationField } from '../domain/organization-input';
import { commonMessages } from '../../../platform/i18n/common';
import type { Locale } from '../../../platform/i18n/locales';
import type { Directory } from '../use-cases/directory';
import type { AddMemberResult } from '../use-cases/members';
import type { CodeHoldings, ErasureResult } from '../use-cases/privacy';
import type { Block, MessageContent, ModalView } from '../../../platform/slack/types';
import { capBlocks, context, escapeMrkdwn, header, plain, section, textMessage } from '../../../platform/slack/blocks';
import { toBlockErrors } from '../../../platform/slack/error-views';
import { INPUT } from '../../../platform/slack/ids';
import { networkMessages } from '../messages';
import { ACTION, BLOCK, CALLBACK } from './ids';

/** `/rete lista`: every organization with its members, within Slack's block limit. */
export function directoryMessage(directory: Directory, locale: Locale): MessageContent {
  const m = networkMessages(locale);
  const title = m.list.header;
  if (directory.organizations.length === 0) return { text: title, blocks: [header(title), section(m.list.empty)] };
  const byOrg = new Map<number, MemberWithOrganization[]>();
  for (const member of directory.members) {
    const members = byOrg.get(member.organizationId);
    if (members) members.push(member);
    else byOrg.set(member.organizationId, [member]);
  }
  const groups = directory.organizations.map((org) => [organizationSection(org, byOrg.get(org.id) ?? [], locale)]);
  const summary = context([m.list.summary({ count: directory.organizations.length, members: directory.members.length })]);
  return { text: title, blocks: capBlocks([header(title), summary], groups, [], locale) };
}

function organizationSection(org: Organization, members: MemberWithOrganization[], locale: Locale): Block {
  const m = networkMessages(locale);
  const common = commonMessages(locale);
  const tags = [common.orgKinds[org.kind]];
  if (org.isCoordinatorBody) tags.push(m.list.coordinator_body);
  if (!org.active) tags.push(m.list.inactive);
  const line = m.list.org_line({ name: escapeMrkdwn(org.name), shortName: escapeMrkdwn(org.shortName), kind: tags.join(' · ') });
  const people = members.length
    ? members.map((member) => m.list.member({ userId: member.userId, role: common.roles[member.role] })).join(', ')
    : m.list.no_members;
  return section(`${line}\n${people}`);
}

export function meMessage(actor: Actor, locale: Locale): MessageContent {
  const m = networkMessages(locale);
  const lines: string[] = [];
  if (actor.member) {
    lines.push(
      m.me.member({
        userId: actor.userId,
        role: commonMessages(locale).roleFunctions[actor.role ?? actor.member.role],
        organization: escapeMrkdwn(actor.member.organization.name),
        shortName: escapeMrkdwn(actor.member.organization.shortName),
      }),
    );
  }
  if (actor.isConfiguredAdmin) lines.push(m.me.admin_note);
  return textMessage(lines.join('\n'));
}

export function helpMessage(locale: Locale): MessageContent {
  const m = networkMessages(locale);
  const title = m.help.title;
  return { text: title, blocks: [section(`*${title}*\n${m.help.lines}`), context([m.help.other_commands])] };
}

export function addMemberMessage(result: AddMemberResult, locale: Locale): MessageContent {
  const m = networkMessages(locale);
  const roles = commonMessages(locale).roles;
  const member = result.member;
  const values = { userId: member.userId, role: roles[member.role], organization: escapeMrkdwn(member.organization.name) };
  switch (result.kind) {
    case 'added':
      return textMessage(m.add.added(values));
    case 'unchanged':
      return textMessage(m.add.unchanged(values));
    case 'moved':
      return textMessage(
        m.add.moved({
          ...values,
          previousRole: roles[result.previous.role],
          previousOrganization: escapeMrkdwn(result.previous.organization.name),
        }),
      );
  }
}

export function removeMemberMessage(userId: string, removed: MemberWithOrganization | undefined, locale: Locale): MessageContent {
  const m = networkMessages(locale);
  return textMessage(removed ? m.remove.removed({ userId, organization: escapeMrkdwn(removed.organization.name) }) : m.remove.not_member({ userId }));
}

export function organizationCreatedMessage(org: Organization, locale: Locale): MessageContent {
  return textMessage(networkMessages(locale).org.created({ name: escapeMrkdwn(org.name), shortName: escapeMrkdwn(org.shortName) }));
}

export function organizationModal(locale: Locale, privateMetadata: string): ModalView {
  const m = networkMessages(locale).org;
  const common = commonMessages(locale);
  return {
    type: 'modal',
    callback_id: CALLBACK.organizationNew,
    private_metadata: privateMetadata,
    title: plain(m.modal_title, 24),
    submit: plain(m.submit, 24),
    close: plain(common.buttons.cancel, 24),
    blocks: [
      {
        type: 'input',
        block_id: BLOCK.orgName,
        label: plain(m.name_label, 2000),
        element: { type: 'plain_text_input', action_id: INPUT, max_length: 120, placeholder: plain(m.name_placeholder, 150) },
      },
      {
        type: 'input',
        block_id: BLOCK.orgShortName,
        label: plain(m.short_name_label, 2000),
        hint: plain(m.short_name_hint, 2000),
        element: { type: 'plain_text_input', action_id: INPUT, max_length: 20 },
      },
      {
        type: 'input',
        block_id: BLOCK.orgKind,
        label: plain(m.kind_label, 2000),
        element: {
          type: 'static_select',
          action_id: INPUT,
          options: ORGANIZATION_KINDS.map((kind) => ({ text: plain(common.orgKinds[kind]), value: kind })),
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

export function organizationFieldErrors(errors: FieldErrors<OrganizationField>, locale: Locale): Record<string, string> {
  return toBlockErrors(errors, ORGANIZATION_FIELD_BLOCKS, locale);
}

/** The names of the areas that hold a code, in the reader's language. */
function holdingsText(holdings: CodeHoldings, locale: Locale): string {
  const m = networkMessages(locale).privacy;
  return holdings.areas.map((a) => `${m.area_names[a.area] ?? a.area}: ${a.records}`).join(', ');
}

/** `/rete privacy cancella <codice>`: what would be erased, and the button (with Slack's confirm) that does it. */
export function erasePreviewMessage(holdings: CodeHoldings, locale: Locale): MessageContent {
  const m = networkMessages(locale).privacy;
  const code = escapeMrkdwn(holdings.code);
  if (holdings.total === 0) return textMessage(m.nothing_held({ code }));
  const question = m.erase_question({ code, records: m.records({ count: holdings.total }), where: holdingsText(holdings, locale) });
  return {
    text: question,
    blocks: [
      section(question),
      {
        type: 'actions',
        block_id: 'network_privacy',
        elements: [
          {
            type: 'button',
            action_id: ACTION.privacyErase,
            text: plain(m.erase_button),
            value: holdings.code,
            style: 'danger',
            confirm: {
              title: plain(m.confirm_title, 100),
              text: plain(m.confirm_text({ code: holdings.code }), 300),
              confirm: plain(m.confirm_yes, 30),
              deny: plain(m.confirm_no, 30),
              style: 'danger',
            },
          },
        ],
      },
    ],
  };
}

/** After the erasure. */
export function erasedMessage(result: ErasureResult, locale: Locale): MessageContent {
  const m = networkMessages(locale).privacy;
  const code = escapeMrkdwn(result.code);
  if (result.total === 0) return textMessage(m.already_erased({ code }));
  return textMessage(m.erased({ code, records: m.records({ count: result.total }) }));
}
